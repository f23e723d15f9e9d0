package batch

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// checkStratified checks an order of records cut into batches of size: each
// record once, each batch's count of each stratum the floor or the ceiling
// of its share (batch length x n_s/N), and the counts after every batch
// within one record of the exact quota.
func checkStratified(t interface{ Fatalf(string, ...any) }, metas []Meta, order []int, size int) {
	n := int64(len(metas))
	total := map[string]int64{}
	for _, m := range metas {
		total[m.Stratum]++
	}
	seen := make([]bool, len(metas))
	if len(order) != len(metas) {
		t.Fatalf("%d records ordered, %d given", len(order), len(metas))
	}
	taken := map[string]int64{}
	for start := 0; start < len(order); start += size {
		batch := order[start:min(start+size, len(order))]
		count := map[string]int64{}
		for _, idx := range batch {
			if seen[idx] {
				t.Fatalf("record %d twice", idx)
			}
			seen[idx] = true
			count[metas[idx].Stratum]++
		}
		end := int64(start + len(batch))
		for s, ns := range total {
			share := int64(len(batch)) * ns // over n
			if c := count[s] * n; c <= share-n || c >= share+n {
				t.Fatalf("batch at %d: stratum %s has %d, share %d x %d/%d = %.3f", start, s, count[s], len(batch), ns, n, float64(share)/float64(n))
			}
			taken[s] += count[s]
			if d := taken[s]*n - end*ns; d <= -n || d >= n {
				t.Fatalf("after %d records stratum %s has %d, quota %.3f", end, s, taken[s], float64(end*ns)/float64(n))
			}
		}
	}
}

// TestStratifiedProperties: the guarantees of checkStratified over random
// strata sizes and batch sizes, many strata and large remainders included.
func TestStratifiedProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		strata := rapid.SliceOfN(rapid.IntRange(0, 120), 1, 9).Draw(t, "strata sizes")
		var metas []Meta
		for s, ns := range strata {
			for range ns {
				metas = append(metas, Meta{Stratum: fmt.Sprintf("s%d", s)})
			}
		}
		if len(metas) == 0 {
			return
		}
		size := rapid.IntRange(1, 64).Draw(t, "batch size")
		order := make([]int, len(metas))
		for i := range order {
			order[i] = i
		}
		order = rapid.Permutation(order).Draw(t, "input order")
		checkStratified(t, metas, proportional{size: size}.Order(metas, order), size)
	})
}

// TestStratifiedKnownCases: the first is where the former order
// (interleaving record by record, the stratum most behind its quota first)
// gave a 2-record batch no record of a stratum whose share was 1.135; then
// remainders, a short last batch, a batch larger than the input, an empty
// stratum.
func TestStratifiedKnownCases(t *testing.T) {
	for _, tc := range []struct {
		strata []int
		size   int
	}{
		{[]int{2, 14, 21}, 2},
		{[]int{1, 1, 1}, 2},
		{[]int{3, 3, 2}, 4},
		{[]int{5, 5, 5, 1}, 3},
		{[]int{7, 2, 2, 2, 2}, 5},
		{[]int{50, 30, 20}, 32},
		{[]int{1}, 7},
		{[]int{0, 4}, 3},
	} {
		t.Run(fmt.Sprint(tc.strata, tc.size), func(t *testing.T) {
			var metas []Meta
			for s, ns := range tc.strata {
				for range ns {
					metas = append(metas, Meta{Stratum: fmt.Sprintf("s%d", s)})
				}
			}
			order := make([]int, len(metas))
			for i := range order {
				order[i] = i
			}
			checkStratified(t, metas, proportional{size: tc.size}.Order(metas, order), tc.size)
		})
	}
}
