package export

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/grpodata/grpodata/record"
)

// verl: the Parquet prompt dataset verl's RLHFDataset trains on, shaped like
// the files verl's examples/data_preprocess scripts write. verl reads the
// prompt column as a chat, picks the reward function by data_source and hands
// it reward_model.ground_truth; extra_info.index becomes the row's index.

func init() { Register(verlFormat{}) }

type verlFormat struct{}

func (verlFormat) Spec() Spec {
	return Spec{
		Name:    "verl",
		Summary: "Parquet prompts for verl's RL trainer (RLHFDataset)",
		Columns: verlColumns,
		Ext:     ".parquet",
		Binary:  true,
		Reward:  true,
		Train:   verlTrain,
	}
}

// verlTrain: the verl GRPO command, validating on NAME-val.parquet when the
// export wrote one.
func verlTrain(path string, n int) string {
	var b strings.Builder
	val := ValPath(path)
	if _, err := os.Stat(val); err != nil {
		val = ""
	} else {
		fmt.Fprintf(&b, "export:  %s (held out for validation)\n", val)
	}
	rows, err := ParquetRows(path)
	if err != nil {
		rows = 0
	}
	fmt.Fprintf(&b, "\ntrain with verl (GRPO; %d training prompts x %d responses):\n", rows, n)
	b.WriteString(VerlCommand(path, val, int(rows), n))
	return b.String()
}

const verlColumns = `data_source   string: --data-source, else --data-source-map of the record's source, else "` + DataSourceMath + `" or "` + DataSourceCode + `"
prompt        list<struct{role, content}>: a string prompt is one user message
ability       string: --ability, else category, else "code" (tests) or "math"
reward_model  struct{style: "rule", ground_truth: code rows: the tests (stdin/stdout pairs as verl's {"inputs", "outputs"}, else grpodata's JSON); math rows: the reference answer, else ""}
extra_info    struct{index: row number from 0 in its file, split: --split ("val" in NAME-val.parquet), id: record key,
              verifier: symbolic_math or code, grpodata: {"verifier", "record"} JSON that grpodata_reward.py scores with}`

func (verlFormat) NewEncoder(w io.Writer, opt Options) (Encoder, error) {
	train := newVerlEncoder(w, opt)
	if opt.ValFraction <= 0 || !splittable(opt.Dest) {
		return train, nil
	}
	return newSplitEncoder(train, opt)
}

func newVerlEncoder(w io.Writer, opt Options) *parquetEncoder[verlRow] {
	return newParquetEncoder(w, opt, func(rec *record.Record, index int64) (verlRow, int64, Result) {
		var res Result
		row, ok := newVerlRow(rec, index, opt, &res)
		if !ok {
			return row, 0, res
		}
		return row, row.size(), res
	})
}

// verlRow is one row of the verl dataset. Column order follows verl's
// examples; every column is required (never null).
type verlRow struct {
	DataSource  string          `parquet:"data_source"`
	Prompt      []message       `parquet:"prompt,list"`
	Ability     string          `parquet:"ability"`
	RewardModel verlRewardModel `parquet:"reward_model"`
	ExtraInfo   verlExtraInfo   `parquet:"extra_info"`
}

type verlRewardModel struct {
	Style       string `parquet:"style"`
	GroundTruth string `parquet:"ground_truth"`
}

type verlExtraInfo struct {
	Index    int64  `parquet:"index"`
	Split    string `parquet:"split"`
	ID       string `parquet:"id"`
	Verifier string `parquet:"verifier"`
	Grpodata string `parquet:"grpodata"`
}

// newVerlRow fills the columns both verl formats share. ok is false when the
// record is skipped (res.Skip says why).
func newVerlRow(rec *record.Record, index int64, opt Options, res *Result) (row verlRow, ok bool) {
	msgs, ok := conversation(rec.Prompt)
	if !ok {
		*res = skip(reasonEmptyPrompt)
		return row, false
	}
	verifier := verifierOf(rec)
	gt, ok := groundTruth(rec, opt, verifier, res)
	if !ok {
		*res = skip(reasonNoReference)
		return row, false
	}
	return verlRow{
		DataSource:  dataSource(rec, opt, verifier),
		Prompt:      msgs,
		Ability:     ability(rec, opt),
		RewardModel: verlRewardModel{Style: "rule", GroundTruth: gt},
		ExtraInfo: verlExtraInfo{Index: index, Split: opt.split(), ID: rec.Key(),
			Verifier: verifier, Grpodata: grpodataColumn(rec, verifier)},
	}, true
}

// size estimates the row's uncompressed bytes, for row-group sizing.
func (r *verlRow) size() int64 {
	n := len(r.DataSource) + len(r.Ability) + len(r.RewardModel.Style) + len(r.RewardModel.GroundTruth) +
		8 + len(r.ExtraInfo.Split) + len(r.ExtraInfo.ID) + len(r.ExtraInfo.Verifier) + len(r.ExtraInfo.Grpodata)
	for _, m := range r.Prompt {
		n += len(m.Role) + len(m.Content) + 8
	}
	return int64(n)
}
