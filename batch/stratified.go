package batch

import (
	"fmt"
	"sort"
)

func init() {
	Register(Spec{
		Name: "stratified",
		Help: "--batch-size records per batch, each holding the --by strata (difficulty|category) in proportion to their share",
		New: func(cfg Config) (Strategy, error) {
			if cfg.BatchSize <= 0 {
				return Strategy{}, fmt.Errorf("stratified batching needs --batch-size > 0, got %d", cfg.BatchSize)
			}
			switch cfg.By {
			case "difficulty", "category":
			default:
				return Strategy{}, fmt.Errorf("stratified batching needs --by difficulty or --by category, got %q", cfg.By)
			}
			return Strategy{Cutter: &fixedCutter{size: cfg.BatchSize}, Orderer: proportional{}}, nil
		},
	})
}

// proportional interleaves strata by smooth weighted round-robin: at each
// step it takes the next record of the stratum furthest behind its quota
// (t*n_s/N records after t steps). Every prefix of the result then holds each
// stratum's share to within one record, so consecutive batches, the last one
// included, are proportional with no uneven leftovers, and no stratum runs
// out early. Within a stratum the given order (input or shuffled) is kept;
// ties go to the stratum whose name sorts first, so the result is
// deterministic.
type proportional struct{}

func (proportional) Order(metas []Meta, order []int) []int {
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
	sizes := make([]int64, len(names))
	for i, s := range names {
		queues[i] = byStratum[s]
		sizes[i] = int64(len(queues[i]))
	}
	total := int64(len(order))
	deficit := make([]int64, len(queues)) // t*n_s - taken_s*N
	out := make([]int, 0, len(order))
	for range order {
		best := 0
		for s := range queues {
			deficit[s] += sizes[s]
			if deficit[s] > deficit[best] {
				best = s
			}
		}
		deficit[best] -= total
		out = append(out, queues[best][0])
		queues[best] = queues[best][1:]
	}
	return out
}
