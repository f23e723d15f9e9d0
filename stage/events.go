package stage

import "context"

// Events receives what a running stage tells whoever runs it: lines for
// people (notes) and progress snapshots (the stage's own type, such as
// generate.Progress). Stages never print; the CLI renders events on stderr
// (a live bar on a terminal), a server may log them.
type Events interface {
	Note(stage, msg string)
	Progress(stage string, p any)
}

type eventsKey struct{}

// WithEvents returns a context whose stages report to ev.
func WithEvents(ctx context.Context, ev Events) context.Context {
	return context.WithValue(ctx, eventsKey{}, ev)
}

// Note tells the runner of ctx a line for people; nothing without Events.
func Note(ctx context.Context, stage, msg string) {
	if ev, ok := ctx.Value(eventsKey{}).(Events); ok {
		ev.Note(stage, msg)
	}
}

// Progress reports a progress snapshot; nothing without Events.
func Progress(ctx context.Context, stage string, p any) {
	if ev, ok := ctx.Value(eventsKey{}).(Events); ok {
		ev.Progress(stage, p)
	}
}
