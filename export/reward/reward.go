// Package reward holds grpodata_reward.py, the reward file grpodata export
// writes beside the files it exports: verl's compute_score, a TRL reward
// function and an OpenRLHF reward_func, each scoring a completion by running
// `grpodata verify` with the verifier that labelled the row.
package reward

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FileName is the reward file's name beside the exported data.
const FileName = "grpodata_reward.py"

// Function names in the file, one per trainer's calling convention.
const (
	VerlFunc      = "compute_score"       // verl custom_reward_function.name
	VerlBatchFunc = "compute_score_batch" // verl with reward_model.reward_manager=batch
	TRLFunc       = "grpodata_reward"     // TRL GRPOTrainer reward_funcs
	OpenRLHFFunc  = "reward_func"         // OpenRLHF --reward.remote_url FILE.py
)

//go:embed grpodata_reward.py
var source string

const binLine = "GRPODATA_BIN = \"\"\n"

// Source is the file's text with bin recorded as the grpodata binary to run
// ($GRPODATA_BIN still overrides it).
func Source(bin string) []byte {
	lit, _ := json.Marshal(bin) // a JSON string is a valid Python string literal
	return []byte(strings.Replace(source, binLine, "GRPODATA_BIN = "+string(lit)+"\n", 1))
}

// Write writes the reward file into dir atomically (a temporary file renamed
// into place) and returns its path.
func Write(dir, bin string) (string, error) {
	path := filepath.Join(dir, FileName)
	tmp, err := os.CreateTemp(dir, "."+FileName+".tmp-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(Source(bin)); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, nil
}
