// Command camunda-irsa-full is camunda-irsa with every command built in,
// Helm's chart engine included. camunda-irsa runs render and version
// itself, to start fast, and hands every other command to this binary,
// which it finds beside itself; install both (go install
// github.com/camunda-irsa/camunda-irsa/cmd/...@latest).
package main

import (
	"os"

	"github.com/camunda-irsa/camunda-irsa/internal/fullcli"
)

// version is set at link time by the Helm plugin's build (plugin.yaml)
// and release builds: -ldflags "-X main.version=v1.2.3".
var version = ""

func main() {
	os.Exit(fullcli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, version))
}
