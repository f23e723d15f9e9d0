package batch

import (
	"fmt"
	"sort"

	"github.com/grpodata/grpodata/option"
)

func init() {
	Register(Spec{
		Name:    "stratified",
		Help:    "--batch-size records per batch, each holding every --by stratum (difficulty|category) at the floor or ceiling of its share, remainders carried",
		Options: stratifiedDefaults,
		New: func(cfg Config) (Strategy, error) {
			o := option.PluginOf[strataOptions](cfg.Options, "stratified", stratifiedDefaults)
			if o.BatchSize <= 0 {
				return Strategy{}, fmt.Errorf("stratified batching needs --batch-size > 0, got %d", o.BatchSize)
			}
			if o.By != "difficulty" && o.By != "category" {
				return Strategy{}, fmt.Errorf("stratified batching needs --by difficulty or --by category, got %q", o.By)
			}
			return Strategy{Cutter: &fixedCutter{size: o.BatchSize}, Orderer: proportional{size: o.BatchSize}, By: o.By}, nil
		},
	})
}

func stratifiedDefaults() any { return &strataOptions{BatchSize: DefaultBatchSize, By: "difficulty"} }

// strataOptions are stratified batching's knobs.
type strataOptions struct {
	BatchSize int    `json:"batch_size" yaml:"batch_size" help:"records per batch (static, stratified: default 32); for dynamic a record cap (default: none)"`
	By        string `json:"by" yaml:"by" enum:"difficulty|category" help:"stratified: the label whose strata each batch holds in proportion"`
}

// proportional orders records so that every batch of size records holds
// each stratum s at the floor or the ceiling of its share size*n_s/N, and
// after every batch the counts so far are within one record of the exact
// quota (batches*size*n_s/N). A stratum's share is an integer part, which
// every full batch gets, plus a fraction f_s = (size*n_s mod N)/N; the
// fractions of a batch sum to an integer r, the batch's r extra records.
// Handing them out is Pfair scheduling (Baruah et al.): batches are time
// slots, the r extras processors and the strata tasks of weight f_s, and
// the PD² priority rule (Anderson and Srinivasan) keeps every task's lag
// within (-1, 1), which is the cumulative bound. (Interleaving record by
// record, the stratum most behind its quota first, as this order once did,
// keeps every prefix within one record but not every batch: strata of 2, 14
// and 21 records in batches of 2 gave a batch none of the stratum whose
// share was 1.135.) The last, shorter batch takes what is left, which the
// same bound makes the floor or the ceiling of its share. Within a stratum the
// given order (input or shuffled) is kept, and within a batch strata are
// interleaved; ties go to the stratum whose name sorts first, so the result
// is deterministic.
type proportional struct{ size int }

func (p proportional) Order(metas []Meta, order []int) []int {
	queues := strataOf(metas, order)
	sizes := make([]int64, len(queues))
	for s, q := range queues {
		sizes[s] = int64(len(q))
	}
	total := int64(len(order))
	ex := newExtras(sizes, int64(p.size), total)
	out := make([]int, 0, len(order))
	for k := int64(0); k < total/int64(p.size); k++ {
		out = appendBatch(out, queues, ex.next())
	}
	rest := make([]int, len(queues)) // the last batch: all that is left
	for s, q := range queues {
		rest[s] = len(q)
	}
	return appendBatch(out, queues, rest)
}

// strataOf splits order into one queue per stratum, strata by name.
func strataOf(metas []Meta, order []int) [][]int {
	byStratum := map[string][]int{}
	for _, idx := range order {
		s := metas[idx].Stratum
		byStratum[s] = append(byStratum[s], idx)
	}
	names := make([]string, 0, len(byStratum))
	for s := range byStratum {
		names = append(names, s)
	}
	sort.Strings(names)
	queues := make([][]int, len(names))
	for i, s := range names {
		queues[i] = byStratum[s]
	}
	return queues
}

// appendBatch takes counts[s] records from the front of each queue,
// interleaved by smooth weighted round-robin so that a batch's strata are
// mixed rather than in runs.
func appendBatch(out []int, queues [][]int, counts []int) []int {
	n := 0
	for _, c := range counts {
		n += c
	}
	credit := make([]int, len(counts))
	for range n {
		best := -1
		for s, c := range counts {
			if c == 0 {
				continue
			}
			credit[s] += c
			if best < 0 || credit[s] > credit[best] {
				best = s
			}
		}
		credit[best] -= n
		out = append(out, queues[best][0])
		queues[best] = queues[best][1:]
	}
	return out
}
