package shard

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/stage"
)

// Manifest is what a shard records beside its output
// (OUTPUT.manifest.json): which share of which input it holds, made with
// which options, and whether its run finished.
type Manifest struct {
	Stage  string `json:"stage"`
	Shard  int    `json:"shard"`
	Count  int    `json:"count"`
	Output string `json:"output"` // the shard output's file name
	// Inputs are the files the records come from, in the order a merge
	// puts them back in: the stage's inputs, or, for a stage that read an
	// earlier stage's shard output (After names those stages), that
	// stage's inputs.
	Inputs  []string `json:"inputs"`
	After   []string `json:"after,omitempty"`
	Input   string   `json:"input_fingerprint"`
	Options string   `json:"options_fingerprint"`
	// Records is the number of records the stage wrote; Complete says its
	// run finished (a merge takes only complete shards).
	Records  int64        `json:"records"`
	Usage    *stage.Usage `json:"usage,omitempty"` // the stage's Summary.Usage (generate's counts the records kept from earlier runs too)
	Complete bool         `json:"complete"`
	Problems bool         `json:"problems,omitempty"`
	Host     string       `json:"host"`
}

// ManifestPath is the manifest of a shard output.
func ManifestPath(output string) string { return output + ".manifest.json" }

// WriteManifest writes m atomically (temp file, fsync, rename).
func WriteManifest(path string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	w, err := jsonl.CreateTo(path, nil)
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.WriteLine(b); err != nil {
		return err
	}
	return w.Commit()
}

// ReadManifest reads a manifest written by WriteManifest.
func ReadManifest(path string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// InputFingerprint is the SHA-256 of the inputs' bytes, in order, each
// with its length (so moving bytes from one file to the next changes it).
// Names are left out: the same data mounted elsewhere is the same input.
func InputFingerprint(files []string) (string, error) {
	h := sha256.New()
	for _, name := range files {
		if name == "-" {
			return "", fmt.Errorf("a shard cannot read standard input (every shard reads the whole input): give a file")
		}
		f, err := os.Open(name)
		if err != nil {
			return "", err
		}
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(h, "\x00%d\x00", n)
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// operational are the options that say how fast or where a stage runs,
// not what it writes, so shards may differ in them (each shard its own
// server, its own rate limit): they are left out of the options
// fingerprint. Inputs are fingerprinted by content instead of by name.
var operational = map[string]bool{
	"base_url": true, "base_urls_file": true, "timeout": true, "max_retries": true, "rpm": true,
	"tpm": true, "max_in_flight": true, "preflight_timeout": true,
	"concurrency": true, "workers": true, "progress_every": true, "batch_poll": true,
	"price_in": true, "price_out": true, "prompts": true, "failures": true,
	"force_new": true, "append_anyway": true, "on_drift": true, "batch_no_wait": true,
}

// OptionsFingerprint hashes a stage's name and configuration (each
// option's key and value as text, operational ones left out), so shards
// made with different settings are told apart.
func OptionsFingerprint(stageName string, cfg any) (string, error) {
	fields, err := option.Fields(cfg) // a Field's Default is cfg's current value
	if err != nil {
		return "", err
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Key < fields[j].Key })
	h := sha256.New()
	io.WriteString(h, stageName)
	for _, f := range fields {
		if !operational[f.Key] {
			fmt.Fprintf(h, "\x00%s=%q", f.Key, f.Default)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}
