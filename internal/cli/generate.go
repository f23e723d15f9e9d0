package cli

import (
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/generate"
	_ "github.com/grpodata/grpodata/llm/all"
	"github.com/grpodata/grpodata/stage"
)

func init() {
	registerStageWith(generate.Stage, "append generated records here (- for stdout, without resume)", stageHooks{
		prepare: func(cmd *cobra.Command, s *Streams, cfg any) {
			if isTerminal(s.Err) && !cmd.Flags().Changed("progress-every") {
				cfg.(*generate.Options).ProgressEvery = 250 * time.Millisecond // a live bar redraws often
			}
		},
		events: func(s *Streams, cfg any) stage.Events {
			o := cfg.(*generate.Options)
			return &streamEvents{w: s.Err, progress: progressFunc(s.Err, o.PriceIn, o.PriceOut)}
		},
	})
}

// progressFunc draws a live bar on a terminal and otherwise prints the
// plain progress line every --progress-every.
func progressFunc(w io.Writer, priceIn, priceOut float64) func(any) {
	if isTerminal(w) {
		bar := &liveBar{w: w, priceIn: priceIn, priceOut: priceOut}
		return func(p any) {
			if gp, ok := p.(generate.Progress); ok {
				bar.update(gp)
			}
		}
	}
	return func(p any) {
		if gp, ok := p.(generate.Progress); ok && !gp.Final {
			io.WriteString(w, gp.Line()+"\n")
		}
	}
}
