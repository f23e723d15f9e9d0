package export_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
)

// tsvFormat declares a knob of its own: a new format is one file, and its
// knobs become export's flags and keys without a field in export.Options.
type tsvFormat struct{}

type tsvOptions struct {
	Sep string `yaml:"tsv_sep" help:"column separator"`
}

func (tsvFormat) Spec() export.Spec {
	return export.Spec{Name: "tsv", Ext: ".tsv", Options: func() any { return &tsvOptions{Sep: "\t"} }}
}

func (tsvFormat) NewEncoder(w io.Writer, opt export.Options) (export.Encoder, error) {
	return &tsvEncoder{w: w, sep: opt.Own.(*tsvOptions).Sep}, nil
}

type tsvEncoder struct {
	w   io.Writer
	sep string
}

func (e *tsvEncoder) Encode(rec *record.Record) (export.Result, error) {
	_, err := fmt.Fprintf(e.w, "%s%s%d\n", rec.Key(), e.sep, len(rec.Responses))
	return export.Result{}, err
}
func (*tsvEncoder) Close() error { return nil }

func TestFormatOwnOptions(t *testing.T) {
	r := export.NewRegistry()
	if err := r.Register(tsvFormat{}); err != nil {
		t.Fatal(err)
	}
	in := writeInput(t, `{"id":"a","prompt":"p","responses":[{"text":"x","score":1.0}]}`)
	run := func(cfg export.Config) string {
		var out bytes.Buffer
		cfg.Format, cfg.Output, cfg.Registry = "tsv", "-", r
		if _, err := export.Run(context.Background(), []string{in}, cfg, openSkipping, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	if got := run(export.Config{}); got != "a\t1\n" {
		t.Errorf("a literal Config gets the format's defaults: %q", got)
	}
	var cfg export.Config
	cfg.Own.Add("tsv", tsvFormat{}.Spec().Options())
	if err := option.Set(&cfg, "tsv_sep", ";"); err != nil {
		t.Fatal(err)
	}
	if got := run(cfg); got != "a;1\n" {
		t.Errorf("the knob set as a flag would: %q", got)
	}
}
