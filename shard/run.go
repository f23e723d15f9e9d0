package shard

import (
	"context"
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
	m, err := newManifest(st, sh, in, out.Path, cfg)
	if err != nil {
		return stage.Summary{}, err
	}
	shardOut := sh.Path(out.Path)
	release, err := Lock(shardOut)
	if err != nil {
		return stage.Summary{}, err
	}
	defer release()
	if err := WriteManifest(ManifestPath(shardOut), m); err != nil {
		return stage.Summary{}, err
	}
	in.Keep = sh.Keep
	sum, err := st.Run(ctx, in, jsonl.Sink{Path: shardOut}, cfg)
	if err != nil {
		return sum, err
	}
	m.Records, m.Problems, m.Complete = sum.Records, sum.Problems, true
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
	fp, err := InputFingerprint(inputs)
	if err != nil {
		return Manifest{}, fmt.Errorf("%s: %w", name, err)
	}
	opts, err := OptionsFingerprint(name, cfg)
	if err != nil {
		return Manifest{}, fmt.Errorf("%s: options fingerprint: %w", name, err)
	}
	abs := make([]string, len(inputs))
	for i, p := range inputs {
		if abs[i], err = filepath.Abs(p); err != nil {
			return Manifest{}, err
		}
	}
	host, _ := os.Hostname()
	return Manifest{
		Stage: name, Shard: sh.Index, Count: sh.Count, Output: filepath.Base(sh.Path(output)),
		Inputs: abs, Input: fp, Options: opts, Host: host,
	}, nil
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
