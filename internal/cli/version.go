package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// newVersionCmd prints the version; linked is the one the build stamped
// (Config.Version).
func newVersionCmd(s *Streams, linked string) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the camunda-irsa version and the commit it was built from",
		Long: `Print the version: the one the build was given (the Helm plugin's build passes
plugin.yaml's), else the module version Go recorded (go install ...@v1.2.3
records the tag; go build and go install in a git clone record the tag or a
pseudo-version), then the commit and whether the tree had uncommitted changes
when Go recorded them (builds in a git clone), the platform and the Go version.`,
		Example: "  camunda-irsa version\n  go version -m $(command -v camunda-irsa)   # everything the build recorded",
		RunE: func(*cobra.Command, []string) error {
			info, ok := debug.ReadBuildInfo()
			if !ok {
				info = nil
			}
			_, err := fmt.Fprintln(s.Out, versionLine(linked, info))
			return err
		},
	}
}

// versionLine is what version prints for a link-time version and the
// build info (nil when the binary has none).
func versionLine(linked string, info *debug.BuildInfo) string {
	v := linked
	if v == "" && info != nil {
		v = info.Main.Version
	}
	if v == "" {
		v = "(devel)"
	}
	line := "camunda-irsa " + v
	var revision string
	modified := false
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	// Without a commit, "modified" would not say modified from what.
	if revision != "" {
		line += " (commit " + revision
		if modified {
			line += ", modified"
		}
		line += ")"
	}
	return fmt.Sprintf("%s %s/%s %s", line, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
