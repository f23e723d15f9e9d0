// Package registry is the one shape of grpodata's extension points. Every
// plugin kind (verifiers, LLM backends, export formats, batch strategies,
// validate checks, tokenizers, prompt converters) keeps its specs in a
// Registry[S]: registering a name twice is an error, looking up an unknown
// name is an error that lists the known ones, and listings are stable.
//
// It owns naming and lookup only; what a spec holds (its options, its
// constructor) belongs to the plugin kind's package.
package registry

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// ErrUnknown is matched (errors.Is) by every failed Lookup.
var ErrUnknown = errors.New("unknown name")

// ErrDuplicate is matched by a Register of a name or alias already taken.
var ErrDuplicate = errors.New("registered twice")

// UnknownError is a failed Lookup: the kind, the name asked for and the names
// that would have worked.
type UnknownError struct {
	Kind  string
	Name  string
	Known []string
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown %s %q (known: %s)", e.Kind, e.Name, strings.Join(e.Known, ", "))
}

func (e *UnknownError) Unwrap() error { return ErrUnknown }

// Registry holds specs of one kind by name. It is safe for concurrent use;
// plugins register in init and lookups happen later.
type Registry[S any] struct {
	kind   string
	nameOf func(S) string

	mu     sync.RWMutex
	byName map[string]int // a name or an alias -> index into specs
	specs  []S            // registration order
}

// New returns an empty registry. kind names the plugin kind in errors
// ("verifier"); nameOf reads a spec's canonical name.
func New[S any](kind string, nameOf func(S) string) *Registry[S] {
	return &Registry[S]{kind: kind, nameOf: nameOf, byName: map[string]int{}}
}

// Kind is the plugin kind this registry holds, as used in errors.
func (r *Registry[S]) Kind() string { return r.kind }

// Register adds a spec under its name and any aliases. An empty name, or a
// name or alias already taken, is an error and leaves the registry unchanged.
func (r *Registry[S]) Register(s S, aliases ...string) error {
	name := r.nameOf(s)
	if name == "" {
		return fmt.Errorf("registry: %s with an empty name", r.kind)
	}
	keys := append([]string{name}, aliases...)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, k := range keys {
		_, taken := r.byName[k]
		if taken || k == "" || containsBefore(keys, i) {
			return fmt.Errorf("registry: %s %q: %w", r.kind, k, ErrDuplicate)
		}
	}
	for _, k := range keys {
		r.byName[k] = len(r.specs)
	}
	r.specs = append(r.specs, s)
	return nil
}

// containsBefore reports whether keys[i] already occurs in keys[:i].
func containsBefore(keys []string, i int) bool {
	for _, k := range keys[:i] {
		if k == keys[i] {
			return true
		}
	}
	return false
}

// MustRegister is Register for init functions: a duplicate is a programming
// error, so it panics.
func (r *Registry[S]) MustRegister(s S, aliases ...string) {
	if err := r.Register(s, aliases...); err != nil {
		panic(err)
	}
}

// Lookup finds a spec by name or alias; the error is an *UnknownError.
func (r *Registry[S]) Lookup(name string) (S, error) {
	r.mu.RLock()
	i, ok := r.byName[name]
	var s S
	if ok {
		s = r.specs[i]
	}
	r.mu.RUnlock()
	if !ok {
		return s, &UnknownError{Kind: r.kind, Name: name, Known: r.Names()}
	}
	return s, nil
}

// Names lists the canonical names, sorted.
func (r *Registry[S]) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, len(r.specs))
	for i, s := range r.specs {
		out[i] = r.nameOf(s)
	}
	sort.Strings(out)
	return out
}

// All lists the specs in registration order (the order detection-style
// lookups try them in).
func (r *Registry[S]) All() []S {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]S(nil), r.specs...)
}

// Sorted lists the specs sorted by name (the order --help shows them in).
func (r *Registry[S]) Sorted() []S {
	out := r.All()
	sort.SliceStable(out, func(i, j int) bool { return r.nameOf(out[i]) < r.nameOf(out[j]) })
	return out
}
