package helmchart

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// FailureKind says what a chart's own fail or required message is about.
type FailureKind int

const (
	// ChartCheck is any other check of the chart's templates.
	ChartCheck FailureKind = iota
	// RequiredValue: the chart needs a value nobody set (its required
	// function, or a fail saying "... is required").
	RequiredValue
	// RemovedKey: the chart refuses a key it no longer has.
	RemovedKey
)

// ChartFailure is a render the chart stopped itself, with its own fail or
// required message: a rule of the chart about the values, not a problem
// of Helm or of camunda-irsa. Its message keeps the chart's text and says
// what to do about it.
type ChartFailure struct {
	// Chart is the chart's name.
	Chart string
	// Location is the template position Helm reports, e.g.
	// camunda-platform/templates/web-modeler/configmap-restapi.yaml:17:27.
	Location string
	// Message is the chart's text, as the chart wrote it.
	Message string
	Kind    FailureKind
	// Key is the values key the message names, for RequiredValue and
	// RemovedKey: webModeler.restapi.mail.fromAddress.
	Key string
	// SetBy are the values files that set Key, in -f order (for
	// RemovedKey: the files to remove it from).
	SetBy []string
	// FromOverlay is true when the camunda-irsa overlay writes Key (or
	// replaces a map above it): then the failure is not unrelated to IAM,
	// and the message does not say it is.
	FromOverlay bool
}

func (f *ChartFailure) Error() string {
	says := fmt.Sprintf("the chart says: %s (%s)", f.Message, f.Location)
	switch {
	case f.Kind == RequiredValue && !f.FromOverlay:
		return fmt.Sprintf("the chart requires %s (a requirement of the %s chart, not of IAM): set it in a values file and pass it with --values; %s",
			f.Key, f.Chart, says)
	case f.Kind == RemovedKey && !f.FromOverlay:
		from := "your values files"
		if len(f.SetBy) > 0 {
			from = strings.Join(f.SetBy, ", ")
		}
		return fmt.Sprintf("the %s chart no longer has the key %s (a rule of the chart, not of IAM): remove it from %s; %s",
			f.Chart, f.Key, from, says)
	default:
		return fmt.Sprintf("the %s chart stopped the render with its own check; %s", f.Chart, says)
	}
}

// engineFailurePrefix starts the error Helm's engine returns for a
// template's fail or required call, and only for those:
// "execution error at (<template>:<line>:<col>): <the chart's text>".
const engineFailurePrefix = "execution error at ("

var (
	// "The value 'a.b' is required", "\"a.b\" is required", "a.b is required".
	requiredKey = regexp.MustCompile(`(?:'([^'\s]+)'|"([^"\s]+)"|\b([A-Za-z][\w-]*(?:\.[\w-]+)+)) (?:is|are) required`)
	// `The Helm values file key "identityKeycloak" has been removed`.
	removedKey = regexp.MustCompile(`key (?:'([^'\s]+)'|"([^"\s]+)"|([A-Za-z][\w.-]*)) has been removed`)
)

// chartFailure recognises the engine's error for a chart's own fail or
// required message.
func chartFailure(chartName string, err error) (*ChartFailure, bool) {
	rest, ok := strings.CutPrefix(err.Error(), engineFailurePrefix)
	if !ok {
		return nil, false
	}
	location, msg, ok := strings.Cut(rest, "): ")
	if !ok {
		return nil, false
	}
	f := &ChartFailure{Chart: chartName, Location: location, Message: msg}
	if key := firstGroup(removedKey.FindStringSubmatch(msg)); key != "" {
		f.Kind, f.Key = RemovedKey, key
	} else if key := firstGroup(requiredKey.FindStringSubmatch(msg)); key != "" {
		f.Kind, f.Key = RequiredValue, key
	}
	return f, true
}

// firstGroup is the first non-empty capture group of a match.
func firstGroup(match []string) string {
	for _, g := range match[min(1, len(match)):] {
		if g != "" {
			return g
		}
	}
	return ""
}

// explainFailure adds to a chart's failure which of the input's files set
// the key it names.
func explainFailure(err error, in Input) error {
	var f *ChartFailure
	if !errors.As(err, &f) || f.Key == "" {
		return err
	}
	path := parseKeyPath(f.Key)
	for _, file := range in.Files() {
		values, perr := ParseValues(file)
		if perr != nil {
			continue // rendering got this far, so every file parsed
		}
		if _, set := Lookup(values, path...); set {
			f.SetBy = append(f.SetBy, file.Name)
		}
		if _, touched := touchedAt(values, path); touched && file.Name == in.Overlay.Name {
			f.FromOverlay = true
		}
	}
	return f
}
