//go:build !linux

package sandbox

import "context"

// Runner runs Specs; on this platform it cannot be built.
type Runner struct{}

// Probe reports that nothing is available on this platform.
func Probe() Capabilities { return Capabilities{Cgroups: "none", Reason: "not linux"} }

// NewRunner returns ErrUnsupported on this platform.
func NewRunner(Options) (*Runner, error) { return nil, ErrUnsupported }

// Main returns at once on this platform.
func Main() {}

// Isolated reports false.
func (r *Runner) Isolated() bool { return false }

// Cgroups reports "none".
func (r *Runner) Cgroups() string { return "none" }

// Close does nothing.
func (r *Runner) Close() error { return nil }

// Run returns ErrUnsupported.
func (r *Runner) Run(context.Context, Spec) (Result, error) { return Result{}, ErrUnsupported }
