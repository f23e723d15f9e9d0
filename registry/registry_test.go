package registry

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
)

type spec struct{ name, help string }

func newReg() *Registry[spec] { return New("widget", func(s spec) string { return s.name }) }

func TestRegisterAndLookup(t *testing.T) {
	r := newReg()
	if err := r.Register(spec{name: "b", help: "bee"}, "bee"); err != nil {
		t.Fatal(err)
	}
	if err := r.Register(spec{name: "a"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b", "bee"} {
		if _, err := r.Lookup(name); err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
		}
	}
	if s, _ := r.Lookup("bee"); s.help != "bee" {
		t.Errorf("alias resolved to %+v", s)
	}
	if got := r.Names(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Names = %v", got)
	}
	if got := r.All(); got[0].name != "b" || got[1].name != "a" {
		t.Errorf("All is not registration order: %v", got)
	}
	if got := r.Sorted(); got[0].name != "a" || got[1].name != "b" {
		t.Errorf("Sorted = %v", got)
	}
}

func TestLookupUnknownListsKnown(t *testing.T) {
	r := newReg()
	r.MustRegister(spec{name: "z"})
	r.MustRegister(spec{name: "m"})
	_, err := r.Lookup("q")
	if !errors.Is(err, ErrUnknown) {
		t.Fatalf("err = %v, want ErrUnknown", err)
	}
	if got, want := err.Error(), `unknown widget "q" (known: m, z)`; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	var ue *UnknownError
	if !errors.As(err, &ue) || ue.Name != "q" || ue.Kind != "widget" {
		t.Errorf("errors.As: %+v", ue)
	}
}

func TestRegisterRejects(t *testing.T) {
	cases := []struct {
		name    string
		first   []string // name, aliases... registered first (nil: nothing)
		spec    string
		aliases []string
	}{
		{"duplicate name", []string{"a"}, "a", nil},
		{"alias takes a name", []string{"a"}, "b", []string{"a"}},
		{"name takes an alias", []string{"a", "x"}, "x", nil},
		{"alias repeats own name", nil, "a", []string{"a"}},
		{"repeated alias", nil, "a", []string{"x", "x"}},
		{"empty alias", nil, "a", []string{""}},
		{"empty name", nil, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newReg()
			if c.first != nil {
				r.MustRegister(spec{name: c.first[0]}, c.first[1:]...)
			}
			before := r.Names()
			err := r.Register(spec{name: c.spec}, c.aliases...)
			if err == nil {
				t.Fatal("Register succeeded")
			}
			if c.spec != "" && !errors.Is(err, ErrDuplicate) {
				t.Errorf("err = %v, want ErrDuplicate", err)
			}
			if !slices.Equal(r.Names(), before) {
				t.Errorf("a rejected Register changed the registry: %v", r.Names())
			}
			for _, a := range c.aliases {
				if a != "" && (c.first == nil || !slices.Contains(c.first, a)) {
					if _, err := r.Lookup(a); err == nil {
						t.Errorf("rejected alias %q was kept", a)
					}
				}
			}
		})
	}
}

func TestMustRegisterPanicsOnDuplicate(t *testing.T) {
	r := newReg()
	r.MustRegister(spec{name: "a"})
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	r.MustRegister(spec{name: "a"})
}

func TestConcurrentUse(t *testing.T) {
	r := newReg()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			r.MustRegister(spec{name: fmt.Sprint("s", i)})
		}()
		go func() {
			defer wg.Done()
			r.Lookup("s0")
			r.Names()
			r.Sorted()
		}()
	}
	wg.Wait()
	if n := len(r.Names()); n != 8 {
		t.Errorf("%d names, want 8", n)
	}
}
