package batch

import "sort"

// extras hands out, batch after batch, each stratum's whole share of a
// batch plus the extra records its fractional share adds up to, as a Pfair
// schedule: stratum s is a task of weight a[s]/n, and its i-th extra (a
// "subtask") may go no earlier than batch floor((i-1)n/a) and no later than
// batch ceil(i*n/a)-1. Meeting every such window is what keeps the
// cumulative count within one record of the exact quota; PD² meets them all
// whenever the weights sum to the number of extras per batch, as here.
type extras struct {
	base  []int   // floor(size*n_s/N): every batch's whole share
	a     []int64 // size*n_s mod N: the fractional share, over n
	n     int64   // N, the number of records
	r     int     // extras per batch: sum(a)/n
	given []int64 // extras handed out so far, per stratum
	batch int64   // the batch being filled
}

func newExtras(sizes []int64, size, total int64) *extras {
	e := &extras{base: make([]int, len(sizes)), a: make([]int64, len(sizes)), n: total, given: make([]int64, len(sizes))}
	var sum int64
	for s, ns := range sizes {
		e.base[s] = int(size * ns / total)
		e.a[s] = size * ns % total
		sum += e.a[s]
	}
	e.r = int(sum / total)
	return e
}

// next returns the counts per stratum of the next full batch.
func (e *extras) next() []int {
	var cand, early []int
	for s, a := range e.a {
		switch {
		case a == 0:
		case e.release(s) <= e.batch:
			cand = append(cand, s)
		default:
			early = append(early, s)
		}
	}
	sort.SliceStable(cand, func(i, j int) bool { return e.before(cand[i], cand[j]) })
	if len(cand) < e.r {
		// PD² always has r eligible strata here; should it not, a batch of
		// the wrong size would shift every later batch, so take extras early.
		sort.SliceStable(early, func(i, j int) bool { return e.before(early[i], early[j]) })
		cand = append(cand, early...)
	}
	counts := append([]int(nil), e.base...)
	for _, s := range cand[:min(e.r, len(cand))] {
		counts[s]++
		e.given[s]++
	}
	e.batch++
	return counts
}

// The next subtask of stratum s is its (given+1)-th extra; with w = a/n:

// release is floor((i-1)/w), the first batch it may go in.
func (e *extras) release(s int) int64 {
	return e.given[s] * e.n / e.a[s]
}

// deadline is ceil(i/w): it must go in a batch before this one.
func (e *extras) deadline(s int) int64 {
	return ceilDiv((e.given[s]+1)*e.n, e.a[s])
}

// bBit is 1 when the subtask's window overlaps the next one's (i/w is not
// an integer): scheduling it late then also squeezes its successor.
func (e *extras) bBit(s int) bool {
	return (e.given[s]+1)*e.n%e.a[s] != 0
}

// groupDeadline matters for heavy strata (w >= 1/2), whose windows chain
// into groups of length two that must be scheduled together: it is the
// batch by which the chain the subtask starts must be done,
// ceil(ceil(d*(1-w)) / (1-w)) with d its deadline; 0 for light strata.
func (e *extras) groupDeadline(s int) int64 {
	a := e.a[s]
	if 2*a < e.n {
		return 0
	}
	rest := e.n - a // (1-w) = rest/n
	g := ceilDiv(e.deadline(s)*rest, e.n)
	return ceilDiv(g*e.n, rest)
}

// before is PD²'s priority: earlier deadline, then a set b-bit, then a
// later group deadline; the stratum whose name sorts first breaks ties.
func (e *extras) before(s, t int) bool {
	if ds, dt := e.deadline(s), e.deadline(t); ds != dt {
		return ds < dt
	}
	if bs, bt := e.bBit(s), e.bBit(t); bs != bt {
		return bs
	}
	return e.groupDeadline(s) > e.groupDeadline(t)
}

func ceilDiv(x, y int64) int64 { return (x + y - 1) / y }
