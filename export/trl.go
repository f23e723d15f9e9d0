package export

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// trl: the prompt-only conversational dataset TRL's GRPOTrainer loads with
// datasets.load_dataset("json", ...). GRPOTrainer samples completions for
// "prompt" and passes every other column to the reward functions as keyword
// arguments: grpodata_reward.py's grpodata_reward reads "grpodata" (the
// record and its verifier), and "solution" holds the reference answer (a
// code row's tests) for reward functions of one's own. Every line has the same keys with the same types (strings,
// "" when absent): the datasets JSON loader casts every batch to the schema
// of the first one, so a key that appears only on some lines can fail a load.

func init() { Register(trlFormat{}) }

type trlFormat struct{}

func (trlFormat) Spec() Spec {
	return Spec{
		Name:    "trl",
		Summary: "JSONL prompts for TRL's GRPOTrainer (conversational prompt + solution)",
		Columns: `prompt        [{role, content}]: a string prompt is one user message
solution      string: math rows: the reference answer ("" when none); code rows: the tests, as verl's ground_truth
verifier      string: symbolic_math or code, the verifier that scores the row
grpodata      string: {"verifier", "record"} JSON that grpodata_reward.py scores with
id            string: the record key
category, difficulty, source   string, "" when absent
tests         string: the code tests as JSON text, "" when none
entry_point   string, "" when none
reference_solution  string: the record's own worked solution or program, "" when none`,
		Ext:    ".jsonl",
		Reward: true,
		Train: func(path string, n int) string {
			return "\ntrain with TRL (GRPOTrainer), a complete script:\n" + TRLScript(path, n) +
				"\ntrain with OpenRLHF (GRPO: group_norm) on the same file, its reward_func from the reward file:\n" +
				OpenRLHFCommand(path, jsonlRows(path), n)
		},
	}
}

// jsonlRows counts the records of a JSONL file (0 when it cannot be read).
func jsonlRows(path string) int {
	r, err := jsonl.Open(path)
	if err != nil {
		return 0
	}
	defer r.Close()
	n := 0
	for {
		if _, err := r.Next(); err != nil {
			return n
		}
		n++
	}
}

type trlRow struct {
	Prompt            []message `json:"prompt"`
	Solution          string    `json:"solution"`
	Verifier          string    `json:"verifier"`
	Grpodata          string    `json:"grpodata"`
	ID                string    `json:"id"`
	Category          string    `json:"category"`
	Difficulty        string    `json:"difficulty"`
	Source            string    `json:"source"`
	Tests             string    `json:"tests"`
	EntryPoint        string    `json:"entry_point"`
	ReferenceSolution string    `json:"reference_solution"`
}

func (trlFormat) NewEncoder(w io.Writer, opt Options) (Encoder, error) {
	return newJSONLEncoder(w, func(rec *record.Record) (trlRow, Result) {
		var res Result
		msgs, ok := conversation(rec.Prompt)
		if !ok {
			return trlRow{}, skip(reasonEmptyPrompt)
		}
		verifier := verifierOf(rec)
		sol, ok := groundTruth(rec, opt, verifier, &res)
		if !ok {
			return trlRow{}, skip(reasonNoReference)
		}
		return trlRow{
			Prompt:            msgs,
			Solution:          sol,
			Verifier:          verifier,
			Grpodata:          grpodataColumn(rec, verifier),
			ID:                rec.Key(),
			Category:          rec.Category,
			Difficulty:        rec.Difficulty,
			Source:            rec.Source,
			Tests:             testsText(rec.Tests),
			EntryPoint:        rec.EntryPoint,
			ReferenceSolution: rec.Solution,
		}, res
	}), nil
}

// testsText is the record's tests as compact JSON text ("" when absent), so
// the column is a string whatever shape the tests have.
func testsText(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || string(t) == "null" {
		return ""
	}
	var b bytes.Buffer
	if json.Compact(&b, t) != nil {
		return string(t)
	}
	return b.String()
}
