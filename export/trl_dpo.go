package export

import (
	"fmt"
	"io"

	"github.com/grpodata/grpodata/record"
)

// trl-dpo: one preference pair per group in TRL's conversational preference
// format, which DPOTrainer (and the other preference trainers) load with
// datasets.load_dataset("json", ...): prompt, chosen and rejected as message
// lists.
//
// The pair is the best response against the worst one, among the responses
// that have a score. Ties are broken by position so the output is
// deterministic: chosen is the first response with the highest score,
// rejected is the last response with the lowest score. A group with fewer
// than two scored responses, or whose scored responses all have the same
// score (zero variance: nothing to prefer), is skipped.

func init() { Register(trlDPOFormat{}) }

type trlDPOFormat struct{}

func (trlDPOFormat) Spec() Spec {
	return Spec{
		Name:    "trl-dpo",
		Summary: "JSONL preference pairs for TRL's DPOTrainer: best vs worst response of each group",
		Columns: `prompt          [{role, content}]
chosen          [{role: "assistant", content}]: the first response with the highest score
rejected        [{role: "assistant", content}]: the last response with the lowest score
id              string: the record key
score_chosen, score_rejected   number`,
		Ext:   ".jsonl",
		Train: dpoTrain,
	}
}

// dpoTrain: an offline TRL DPOTrainer on the pairs.
func dpoTrain(path string, _ int) string {
	return fmt.Sprintf("\ntrain offline with TRL (DPOTrainer):\n"+
		"  from datasets import load_dataset\n"+
		"  from trl import DPOConfig, DPOTrainer\n"+
		"  dataset = load_dataset(\"json\", data_files=%q, split=\"train\")\n"+
		"  trainer = DPOTrainer(model=%q, args=DPOConfig(output_dir=\"dpo-out\"), train_dataset=dataset)  # set the model\n"+
		"  trainer.train()\n", path, Placeholder)
}

const (
	reasonFewScored    = "fewer than 2 scored responses"
	reasonZeroVariance = "all scores equal (zero variance)"
)

type dpoRow struct {
	Prompt        []message `json:"prompt"`
	Chosen        []message `json:"chosen"`
	Rejected      []message `json:"rejected"`
	ID            string    `json:"id"`
	ScoreChosen   score     `json:"score_chosen"`
	ScoreRejected score     `json:"score_rejected"`
}

func (trlDPOFormat) NewEncoder(w io.Writer, opt Options) (Encoder, error) {
	return newJSONLEncoder(w, func(rec *record.Record) (dpoRow, Result) {
		msgs, ok := conversation(rec.Prompt)
		if !ok {
			return dpoRow{}, skip(reasonEmptyPrompt)
		}
		best, worst, reason := preferencePair(rec.Responses)
		if reason != "" {
			return dpoRow{}, skip(reason)
		}
		b, w := &rec.Responses[best], &rec.Responses[worst]
		return dpoRow{
			Prompt:        msgs,
			Chosen:        []message{{Role: "assistant", Content: b.Text}},
			Rejected:      []message{{Role: "assistant", Content: w.Text}},
			ID:            rec.Key(),
			ScoreChosen:   score(*b.Score),
			ScoreRejected: score(*w.Score),
		}, Result{}
	}), nil
}

// preferencePair picks the indexes of the first highest-scored and the last
// lowest-scored response; reason is non-empty when the group has no pair.
func preferencePair(rs []record.Response) (best, worst int, reason string) {
	best, worst = -1, -1
	scored := 0
	for i := range rs {
		s := rs[i].Score
		if s == nil {
			continue
		}
		scored++
		if best < 0 || *s > *rs[best].Score {
			best = i
		}
		if worst < 0 || *s <= *rs[worst].Score {
			worst = i
		}
	}
	switch {
	case scored < 2:
		return -1, -1, reasonFewScored
	case *rs[best].Score == *rs[worst].Score:
		return -1, -1, reasonZeroVariance
	}
	return best, worst, ""
}
