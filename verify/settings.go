package verify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/grpodata/grpodata/option"
)

// Checker is implemented by settings structs that have rules beyond their
// fields' types (a positive duration, a minimum size).
type Checker interface{ Check() error }

// ReadSettings fills a fresh copy of spec's settings (Spec.Settings) from
// the settings map: keys "NAME.key" (NAME or an alias) for this verifier,
// or a plain "key" it declares. Keys of other verifiers are left alone (the
// auto verifier passes one map to each verifier it makes; checkSettings
// rejects keys no verifier claims before a run); a "NAME.key" it does not
// declare, or a bad value, is an error naming the setting. A spec without settings gets nil and must get no settings.
func ReadSettings(spec Spec, settings map[string]string) (any, error) {
	var s any
	if spec.Settings != nil {
		s = spec.Settings()
	}
	for k, val := range settings {
		name, key, prefixed := strings.Cut(k, ".")
		if !prefixed {
			if !claims(spec, k) {
				continue // a plain key of another verifier (checkSettings rejects one nobody claims)
			}
			name, key = spec.Name, k
		}
		if other, err := Lookup(name); err != nil {
			return nil, fmt.Errorf("setting %s: no verifier %q (known: %s)", k, name, strings.Join(Default.Names(), ", "))
		} else if other.Name != spec.Name {
			continue // another verifier's setting
		}
		if s == nil {
			return nil, fmt.Errorf("setting %s: the %s verifier has no settings", k, spec.Name)
		}
		if err := option.Set(s, key, val); err != nil {
			return nil, fmt.Errorf("%s: setting %s.%w", spec.Name, spec.Name, err)
		}
	}
	if c, ok := s.(Checker); ok {
		if err := c.Check(); err != nil {
			return nil, fmt.Errorf("%s: %w", spec.Name, err)
		}
	}
	return s, nil
}

// SettingsFor is ReadSettings for the verifier registered as name, whose
// settings struct is T: what a verifier's New calls.
func SettingsFor[T any](name string, settings map[string]string) (*T, error) {
	spec, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	raw, err := ReadSettings(spec, settings)
	if err != nil {
		return nil, err
	}
	s, ok := raw.(*T)
	if !ok {
		return nil, fmt.Errorf("verifier %s: settings are %T, want %T", name, raw, new(T))
	}
	return s, nil
}

// checkSettings reports, before anything runs, a setting no verifier that
// the run may use declares: the chosen verifiers' (and, for auto, those of
// the verifiers it picks from), and --judge-when without llm_judge.
func checkSettings(plan Plan, o Options) error {
	specs, name, settings := plan.names(), plan.Name(), o.Settings
	if o.JudgeWhen != "" && o.JudgeWhen != "always" && !slices.Contains(specs, "llm_judge") {
		return fmt.Errorf("--judge-when %s: only llm_judge reads it, and --verifier %s has none", o.JudgeWhen, plan.Given)
	}
	unclaimed := map[string]bool{}
	for k := range settings {
		unclaimed[k] = true
	}
	for _, n := range specs {
		spec, err := Lookup(n)
		if err != nil {
			return err
		}
		own := map[string]string{}
		for k, v := range settings {
			if claims(spec, k) {
				own[k] = v
				delete(unclaimed, k)
			}
		}
		if _, err := ReadSettings(spec, own); err != nil {
			return err
		}
	}
	for k := range unclaimed {
		if prefix, _, ok := strings.Cut(k, "."); ok {
			if _, err := Lookup(prefix); err != nil {
				return fmt.Errorf("setting %s: no verifier %q (known: %s)", k, prefix, strings.Join(Default.Names(), ", "))
			}
		}
		return fmt.Errorf("setting %s: no setting of that name for the %s verifier (see grpodata verify --help)", k, name)
	}
	return nil
}

// claims reports whether a setting key belongs to spec: "NAME.key" for it,
// or a plain key it declares.
func claims(spec Spec, k string) bool {
	name, _, prefixed := strings.Cut(k, ".")
	if prefixed {
		other, err := Lookup(name)
		return err == nil && other.Name == spec.Name
	}
	if spec.Settings == nil {
		return false
	}
	_, ok := option.Lookup(option.MustFields(spec.Settings()), k)
	return ok
}

// settingsHelp lists a spec's settings for --help.
func settingsHelp(spec Spec) string {
	if spec.Settings == nil {
		return ""
	}
	return option.Help(spec.Settings(), spec.Name+".")
}
