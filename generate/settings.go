package generate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/record"
)

// Settings are what the content of a group depends on. A run records them
// beside its output (OUTPUT.settings.json) and the next run over the same
// output compares its own with them before it resumes, so groups sampled
// with different settings never end up mixed in one file unnoticed.
// Concurrency, rate limits, timeouts and retries are not settings: they
// change how fast a group arrives, not what it holds.
type Settings struct {
	Backend string `json:"backend,omitempty"`
	Model   string `json:"model,omitempty"`
	// Options are the backend options that change its output (the sim
	// policy's seed and accuracy).
	Options   map[string]string `json:"options,omitempty"`
	GroupSize int               `json:"group_size"`
	Params    llm.Params        `json:"params"`
	Extra     map[string]any    `json:"extra,omitempty"`
	System    string            `json:"system,omitempty"`
}

// OnDrift says what a run does when the output it would resume was made
// with other settings.
type OnDrift int

const (
	// DriftRefuse stops the run with a *DriftError (the default).
	DriftRefuse OnDrift = iota
	// DriftStartOver moves the old output aside and starts a new one.
	DriftStartOver
	// DriftAppend resumes anyway: the output then holds groups of both
	// settings, which its sidecar records.
	DriftAppend
)

// DriftError is a resume refused because the output was made with other
// settings; Diffs name each difference.
type DriftError struct {
	Output string
	Diffs  []string
}

func (e *DriftError) Error() string {
	return fmt.Sprintf("%s was generated with other settings (%s); rerun with --force-new to move it aside and "+
		"start a new output, or --append-anyway to add groups made with the new settings to it",
		e.Output, strings.Join(e.Diffs, "; "))
}

// settingsFile is the sidecar: the settings of the newest run, and those of
// earlier runs that appended with other settings (--append-anyway).
type settingsFile struct {
	Settings
	Earlier []Settings `json:"earlier,omitempty"`
}

// SettingsPath is the sidecar of an output.
func SettingsPath(output string) string { return output + ".settings.json" }

// settingsOf is the run's settings: what the caller said identifies the
// policy, plus what the Config itself decides.
func settingsOf(cfg Config) Settings {
	s := cfg.Policy
	s.GroupSize, s.Params, s.Extra, s.System = cfg.GroupSize, cfg.Params, cfg.Extra, cfg.System
	return s
}

// checkDrift compares the run's settings with the output's and acts on a
// difference as cfg.OnDrift says; it then records the run's settings. It
// returns where an old output was moved, if it was.
func checkDrift(cfg Config) (movedTo string, err error) {
	if streamed(cfg.Output) {
		return "", nil
	}
	now := settingsOf(cfg)
	prev, known, err := previousSettings(cfg.Output)
	if err != nil {
		return "", err
	}
	file := settingsFile{Settings: now}
	if prev != nil {
		diffs := diffSettings(*prev, now, known)
		switch {
		case cfg.ForceNew || len(diffs) > 0 && cfg.OnDrift == DriftStartOver:
			if movedTo, err = moveAside(cfg.Output); err != nil {
				return "", err
			}
		case len(diffs) > 0 && cfg.OnDrift == DriftAppend:
			file.Earlier = append(prev.earlier, prev.Settings)
		case len(diffs) > 0:
			return "", &DriftError{Output: cfg.Output, Diffs: diffs}
		default:
			file.Earlier = prev.earlier
		}
	}
	js, _ := json.MarshalIndent(file, "", "  ")
	return movedTo, jsonl.WriteFileAtomic(SettingsPath(cfg.Output), append(js, '\n'))
}

// prevSettings are an output's recorded settings.
type prevSettings struct {
	Settings
	earlier []Settings
}

// previousSettings reads the sidecar, or infers what it can from the first
// record of an output that has none (made before sidecars existed). A nil
// result means there is nothing to compare with (no output, or an empty
// one); known lists the fields that can be compared, nil meaning all.
func previousSettings(output string) (*prevSettings, map[string]bool, error) {
	raw, err := os.ReadFile(SettingsPath(output))
	if err == nil {
		var f settingsFile
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", SettingsPath(output), err)
		}
		if !hasRecords(output) {
			return nil, nil, nil
		}
		return &prevSettings{f.Settings, f.Earlier}, nil, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	return inferSettings(output)
}

// hasRecords reports whether an output file holds at least one line.
func hasRecords(output string) bool {
	st, err := os.Stat(output)
	return err == nil && st.Size() > 0
}

// inferSettings reads group size, model and temperature from the first
// complete record of an output without a sidecar.
func inferSettings(output string) (*prevSettings, map[string]bool, error) {
	r, err := jsonl.Open(output)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	l, err := r.Next()
	if err == io.EOF {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	rec, err := record.Decode(l.Data)
	if err != nil || len(rec.Responses) == 0 {
		return nil, nil, nil // a torn or foreign line: the resume's repair deals with it
	}
	s := &prevSettings{Settings: Settings{GroupSize: len(rec.Responses)}}
	known := map[string]bool{"group_size": true}
	md := rec.Responses[0].Metadata
	if ok, err := md.Decode("model", &s.Model); ok && err == nil {
		known["model"] = true
	}
	var t float64
	if ok, err := md.Decode("temperature", &t); ok && err == nil {
		s.Params.Temperature, known["params.temperature"] = &t, true
	}
	return s, known, nil
}

// diffSettings names the settings that differ, "name: OLD in the output,
// NEW now". Only the fields in known are compared when known is not nil.
func diffSettings(old prevSettings, now Settings, known map[string]bool) []string {
	var diffs []string
	for _, f := range settingFields(old.Settings, now) {
		if known != nil && (!known[f.name] || f.name == "model" && servedAs(old.Model, now.Model)) {
			continue
		}
		if !reflect.DeepEqual(normal(f.old), normal(f.now)) {
			diffs = append(diffs, fmt.Sprintf("%s: %s in the output, %s now", f.name, show(f.old), show(f.now)))
		}
	}
	return diffs
}

// servedAs reports whether a model name read from a record (what the
// server said it ran) can be the one asked for: servers answer with the
// name asked for or a dated version of it ("gpt-4o" as
// "gpt-4o-2024-08-06"), and an offline backend names itself.
func servedAs(served, asked string) bool {
	return asked == "" || strings.HasPrefix(served, asked)
}

type settingField struct {
	name     string
	old, now any
}

func settingFields(a, b Settings) []settingField {
	return []settingField{
		{"backend", a.Backend, b.Backend},
		{"model", a.Model, b.Model},
		{"options", a.Options, b.Options},
		{"group_size", a.GroupSize, b.GroupSize},
		{"params.temperature", a.Params.Temperature, b.Params.Temperature},
		{"params.top_p", a.Params.TopP, b.Params.TopP},
		{"params.max_tokens", a.Params.MaxTokens, b.Params.MaxTokens},
		{"params.seed", a.Params.Seed, b.Params.Seed},
		{"params.stop", a.Params.Stop, b.Params.Stop},
		{"extra", a.Extra, b.Extra},
		{"system", a.System, b.System},
	}
}

// normal maps a value to its JSON form, so a setting read back from the
// sidecar (float64 numbers, nil for empty) equals the one in memory.
func normal(v any) any {
	js, _ := json.Marshal(v)
	var out any
	json.Unmarshal(js, &out)
	switch x := out.(type) {
	case map[string]any:
		if len(x) == 0 {
			return nil
		}
	case []any:
		if len(x) == 0 {
			return nil
		}
	case string:
		if x == "" {
			return nil
		}
	}
	return out
}

func show(v any) string {
	n := normal(v)
	if n == nil {
		return "unset"
	}
	js, _ := json.Marshal(n)
	return string(bytes.TrimSpace(js))
}

// moveAside renames an output (and its sidecar) to the first free
// NAME.old-N.EXT, so starting over never destroys paid-for groups.
func moveAside(output string) (string, error) {
	if !hasRecords(output) {
		return "", nil
	}
	dir, base := filepath.Split(output)
	stem, ext := base, ""
	if i := strings.Index(base, "."); i > 0 {
		stem, ext = base[:i], base[i:]
	}
	for n := 1; ; n++ {
		to := filepath.Join(dir, fmt.Sprintf("%s.old-%d%s", stem, n, ext))
		if _, err := os.Lstat(to); err == nil {
			continue
		}
		if err := os.Rename(output, to); err != nil {
			return "", err
		}
		if err := os.Rename(SettingsPath(output), SettingsPath(to)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		return to, nil
	}
}
