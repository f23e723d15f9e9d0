package shard

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// Run runs a per-record stage as shard sh: it reads the inputs through
// sh.Keep, writes sh.Path(out.Path) under its lock, and keeps the manifest
// beside it (complete once the stage returned without error). Run the same
// command again after a crash and the stage resumes or redoes its own
// share only (generate skips the groups already written).
func Run(ctx context.Context, st stage.Stage, sh Shard, in jsonl.Source, out jsonl.Sink, cfg any) (stage.Summary, error) {
	spec := st.Describe()
	if !spec.PerRecord {
		return stage.Summary{}, fmt.Errorf("%s: --shard: this stage needs every record at once; shard the stages before it and merge", spec.Name)
	}
	if out.Path == "" || out.Path == "-" || !jsonl.Resumable(out.Path) {
		return stage.Summary{}, fmt.Errorf("%s: --shard needs --output to be a file (each shard writes its own beside it)", spec.Name)
	}
	shardOut := sh.Path(out.Path)
	release, err := Lock(shardOut) // first: a second process stops before reading anything
	if err != nil {
		return stage.Summary{}, err
	}
	defer release()
	m, err := newManifest(st, sh, in, out.Path, cfg)
	if err != nil {
		return stage.Summary{}, err
	}
	if err := WriteManifest(ManifestPath(shardOut), m); err != nil {
		return stage.Summary{}, err
	}
	if len(m.After) == 0 {
		in.Keep = sh.Keep // else the input is this shard's already, derived records included
	}
	sum, err := st.Run(ctx, in, jsonl.Sink{Path: shardOut}, cfg)
	if err != nil {
		return sum, err
	}
	m.Records, m.Problems, m.Usage, m.Complete = sum.Records, sum.Problems, sum.Usage, true
	if err := WriteManifest(ManifestPath(shardOut), m); err != nil {
		return sum, err
	}
	stage.Note(ctx, spec.Name, fmt.Sprintf("shard %s: %d records in %s", sh, sum.Records, shardOut))
	return sum, nil
}

// newManifest is the manifest of a shard run not finished yet.
func newManifest(st stage.Stage, sh Shard, in jsonl.Source, output string, cfg any) (Manifest, error) {
	name := st.Describe().Name
	inputs := stage.Inputs(st, cfg, in.Files)
	if len(inputs) == 0 {
		return Manifest{}, errors.New(name + ": --shard needs input files")
	}
	opts, err := OptionsFingerprint(name, cfg)
	if err != nil {
		return Manifest{}, fmt.Errorf("%s: options fingerprint: %w", name, err)
	}
	host, _ := os.Hostname()
	m := Manifest{Stage: name, Shard: sh.Index, Count: sh.Count, Output: filepath.Base(sh.Path(output)), Options: opts, Host: host}
	up, chained, err := upstream(inputs, sh)
	switch {
	case err != nil:
		return Manifest{}, fmt.Errorf("%s: %w", name, err)
	case chained:
		// The input is this shard's output of an earlier stage: the records'
		// order and origin are that stage's inputs, and what made them is
		// its options and ours.
		m.Inputs, m.Input, m.Options = up.Inputs, up.Input, chainOptions(up.Options, opts)
		m.After = append(append([]string{}, up.After...), up.Stage)
		return m, nil
	}
	if m.Input, err = InputFingerprint(inputs); err != nil {
		return Manifest{}, fmt.Errorf("%s: %w", name, err)
	}
	m.Inputs = make([]string, len(inputs))
	for i, p := range inputs {
		if m.Inputs[i], err = filepath.Abs(p); err != nil {
			return Manifest{}, err
		}
	}
	return m, nil
}

// upstream reads the manifest of an input that is a shard output (the
// previous stage of a sharded pipeline, or a shard chained by hand); it
// must be this shard's, and complete.
func upstream(inputs []string, sh Shard) (Manifest, bool, error) {
	for _, in := range inputs {
		m, err := ReadManifest(ManifestPath(in))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		switch {
		case err != nil:
			return m, false, err
		case len(inputs) > 1:
			return m, false, fmt.Errorf("%s is a shard output: give it as the only input", in)
		case m.Shard != sh.Index || m.Count != sh.Count:
			return m, false, fmt.Errorf("%s is the output of shard %d/%d, not of %s", in, m.Shard, m.Count, sh)
		case !m.Complete:
			return m, false, fmt.Errorf("%s is the output of a shard run that has not finished: run it again first", in)
		}
		return m, true, nil
	}
	return Manifest{}, false, nil
}

// chainOptions fingerprints the options of a stage after those of the
// stages before it.
func chainOptions(before, now string) string {
	h := sha256.Sum256([]byte(before + "\x00" + now))
	return hex.EncodeToString(h[:16])
}

// Wrap is st run as shard sh (see Run): the same description,
// configuration and checks, a sharded Run. Commands and pipelines run a
// stage's shard through it.
func Wrap(st stage.Stage, sh Shard) stage.Stage { return sharded{st, sh} }

type sharded struct {
	stage.Stage
	sh Shard
}

func (s sharded) Run(ctx context.Context, in jsonl.Source, out jsonl.Sink, cfg any) (stage.Summary, error) {
	return Run(ctx, s.Stage, s.sh, in, out, cfg)
}
