package render

import "fmt"

// Profile is what differs between Camunda chart lines for the overlay.
type Profile struct {
	// Line is the chart line, e.g. "8.8".
	Line string
	// ChartVersions are the camunda-platform chart versions of the line
	// (the chart's own version, not Camunda's), for helm --version.
	ChartVersions string
	// WebModelerDatabaseAlias is the alias of Web Modeler's PostgreSQL
	// subchart, which must be disabled when Aurora is used.
	WebModelerDatabaseAlias string
	// WebModelerSecretBlock is true where restapi.externalDatabase takes
	// its password under secret.inlineSecret (8.8+); earlier lines take
	// a plain password.
	WebModelerSecretBlock bool
	// SecondaryStorage is true where Orchestration reads its search store
	// from orchestration.data.secondaryStorage (8.9+).
	SecondaryStorage bool
	// OptimizeDatabase is true where Optimize has its own
	// optimize.database.opensearch block (8.9+).
	OptimizeDatabase bool
}

// ProfileFor returns the profile of a chart line.
func ProfileFor(line string) (Profile, error) {
	switch line {
	case "8.7":
		return Profile{Line: line, ChartVersions: "12.x", WebModelerDatabaseAlias: "postgresql"}, nil
	case "8.8":
		return Profile{Line: line, ChartVersions: "13.x", WebModelerDatabaseAlias: "webModelerPostgresql", WebModelerSecretBlock: true}, nil
	case "8.9":
		return Profile{Line: line, ChartVersions: "14.x", WebModelerDatabaseAlias: "webModelerPostgresql", WebModelerSecretBlock: true,
			SecondaryStorage: true, OptimizeDatabase: true}, nil
	default:
		return Profile{}, fmt.Errorf("chart line %q is not supported (supported: 8.7, 8.8, 8.9)", line)
	}
}
