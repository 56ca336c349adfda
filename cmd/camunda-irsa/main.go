// Command camunda-irsa generates the Helm values overlay, ServiceAccounts
// and IAM policies that let Camunda 8 on Amazon EKS reach Aurora,
// OpenSearch and S3 through IAM roles for service accounts.
//
// Linking Helm's chart engine costs some 40 ms of package
// initialisation on every start, so this binary is built without it: it
// runs render (without --values), version and completion itself and
// hands every other command, and the help that lists them all, to
// camunda-irsa-full, the same command line with everything built in,
// installed beside it.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
)

// version is set at link time by the Helm plugin's build (plugin.yaml)
// and release builds: -ldflags "-X main.version=v1.2.3".
var version = ""

// companion is the binary with every command built in.
const companion = "camunda-irsa-full"

func main() {
	s := &cli.Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	args := os.Args[1:]
	root := cli.NewRoot(s, cli.Config{Version: version})
	if builtIn(root, args) {
		os.Exit(cli.Execute(root, args))
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: finding %s: %v\n", companion, err)
		os.Exit(1)
	}
	os.Exit(delegate(self, args, s))
}

// builtIn reports whether root, which has only the commands of package
// cli, runs args itself: a command of its own, but not the root (whose
// help lists every command) and not render --values (which needs Helm's
// values handling). Shell completion of its own commands is its own too.
func builtIn(root *cobra.Command, args []string) bool {
	completing := len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd)
	if completing {
		if len(args) < 3 {
			return false // completing a command name lists every command
		}
		args = args[1:]
	}
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		return false
	}
	return completing || cmd.Name() != "render" || !slices.ContainsFunc(rest, isValuesFlag)
}

func isValuesFlag(arg string) bool {
	return arg == "--values" || strings.HasPrefix(arg, "--values=")
}

// delegate runs args in the companion installed beside self (the path of
// this binary, through symlinks too) and returns its exit status.
func delegate(self string, args []string, s *cli.Streams) int {
	path, err := companionBeside(self)
	if err != nil {
		command := "this command"
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			command = args[0]
		}
		fmt.Fprintf(s.Err, "error: %s runs in %s, which is not installed beside %s: %v\n"+
			"Install both: go install github.com/camunda-irsa/camunda-irsa/cmd/...@latest\n", command, companion, self, err)
		return 1
	}
	return runCompanion(path, args, s)
}

// companionBeside finds the companion in the directory of self, or of
// the file self links to.
func companionBeside(self string) (string, error) {
	name := companion
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	dirs := []string{filepath.Dir(self)}
	if real, err := filepath.EvalSymlinks(self); err == nil && filepath.Dir(real) != dirs[0] {
		dirs = append(dirs, filepath.Dir(real))
	}
	var errs []error
	for _, dir := range dirs {
		path := filepath.Join(dir, name)
		info, err := os.Stat(path)
		if err == nil && !info.IsDir() {
			return path, nil
		}
		if err == nil {
			err = fmt.Errorf("%s is a directory", path)
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

// runCompanion runs path with args on the streams and returns its exit
// status.
func runCompanion(path string, args []string, s *cli.Streams) int {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s.In, s.Out, s.Err
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	default:
		fmt.Fprintf(s.Err, "error: running %s: %v\n", path, err)
		return 1
	}
}
