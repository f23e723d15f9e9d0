package export

import (
	"io"

	"github.com/grpodata/grpodata/record"
)

// verl-groups: the verl columns plus the sampled group, the shape verl's
// generation script (main_generation) writes and its evaluation script
// (main_eval) reads: "responses" is the list of texts. "rewards" holds our
// verified scores, aligned with responses, so the file also serves offline
// analysis without re-scoring.
//
// A record is skipped when it has no responses, or when any response has no
// score: rewards must be numbers aligned with responses (verl and numpy read
// them as float64 arrays), and a NaN or a dropped response would silently
// change a group's mean. Verify first (grpodata verify --only-missing).

func init() { Register(verlGroupsFormat{}) }

type verlGroupsFormat struct{}

func (verlGroupsFormat) Spec() Spec {
	return Spec{
		Name:    "verl-groups",
		Summary: "Parquet groups for verl's generation/evaluation scripts: verl columns + responses, rewards",
		Columns: verlColumns + `
responses     list<string>: the group's response texts, in input order
rewards       list<double>: their scores (a record with an unscored response is skipped)`,
		Ext:    ".parquet",
		Binary: true,
		Train: func(path string, _ int) string {
			return "\n" + path + " holds the sampled groups with rewards (responses, rewards columns) for verl's evaluation scripts.\n"
		},
	}
}

const (
	reasonNoResponses = "no responses"
	reasonUnscored    = "a response has no score"
)

func (verlGroupsFormat) NewEncoder(w io.Writer, opt Options) (Encoder, error) {
	return newParquetEncoder(w, opt, func(rec *record.Record, index int64) (verlGroupRow, int64, Result) {
		var res Result
		if len(rec.Responses) == 0 {
			return verlGroupRow{}, 0, skip(reasonNoResponses)
		}
		for i := range rec.Responses {
			if rec.Responses[i].Score == nil {
				return verlGroupRow{}, 0, skip(reasonUnscored)
			}
		}
		base, ok := newVerlRow(rec, index, opt, &res)
		if !ok {
			return verlGroupRow{}, 0, res
		}
		row := verlGroupRow{
			DataSource:  base.DataSource,
			Prompt:      base.Prompt,
			Ability:     base.Ability,
			RewardModel: base.RewardModel,
			ExtraInfo:   base.ExtraInfo,
			Responses:   make([]string, len(rec.Responses)),
			Rewards:     make([]float64, len(rec.Responses)),
		}
		size := base.size()
		for i, r := range rec.Responses {
			row.Responses[i] = r.Text
			row.Rewards[i] = *r.Score
			size += int64(len(r.Text)) + 16
		}
		return row, size, res
	}), nil
}

// verlGroupRow is verlRow plus the group (parquet-go lays out a struct's own
// fields, so the shared columns are repeated rather than embedded).
type verlGroupRow struct {
	DataSource  string          `parquet:"data_source"`
	Prompt      []message       `parquet:"prompt,list"`
	Ability     string          `parquet:"ability"`
	RewardModel verlRewardModel `parquet:"reward_model"`
	ExtraInfo   verlExtraInfo   `parquet:"extra_info"`
	Responses   []string        `parquet:"responses,list"`
	Rewards     []float64       `parquet:"rewards,list"`
}
