package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

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
	var commit []string
	if info != nil {
		for _, s := range info.Settings {
			switch {
			case s.Key == "vcs.revision":
				commit = append([]string{"commit " + s.Value}, commit...)
			case s.Key == "vcs.modified" && s.Value == "true":
				commit = append(commit, "modified")
			}
		}
	}
	if len(commit) > 0 && strings.HasPrefix(commit[0], "commit ") {
		line += " (" + strings.Join(commit, ", ") + ")"
	}
	return fmt.Sprintf("%s %s/%s %s", line, runtime.GOOS, runtime.GOARCH, runtime.Version())
}
