package view

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Query is the table's state, all of it in the URL so that a link shows
// the same view: ?q=text&cat=algebra&diff=hard&reason=mismatch&pmin=0.2&pmax=0.8&zv=1&sort=pass&desc=1&page=2.
type Query struct {
	Q          string  // text search in the id and the prompt's start, case-insensitive
	Category   string  // a category label, "" for all
	Difficulty string  // a difficulty label, "" for all
	Reason     string  // groups with a response under this failure-reason label
	PassMin    float64 // pass-rate range, inclusive
	PassMax    float64
	ZeroVar    bool // zero-variance groups only
	Sort       string
	Desc       bool
	Page       int // 1-based
	PerPage    int
}

// Sort keys of the table, in column order.
var sortKeys = []string{"line", "id", "category", "difficulty", "size", "mean", "pass", "std", "zv", "tokens"}

const (
	defaultPerPage = 50
	maxPerPage     = 500
)

// ParseQuery reads a Query from URL parameters; a malformed number is an
// error naming the parameter.
func ParseQuery(v url.Values) (Query, error) {
	q := Query{
		Q:          strings.TrimSpace(v.Get("q")),
		Category:   v.Get("cat"),
		Difficulty: v.Get("diff"),
		Reason:     v.Get("reason"),
		PassMin:    0,
		PassMax:    1,
		ZeroVar:    v.Get("zv") == "1" || v.Get("zv") == "on",
		Sort:       v.Get("sort"),
		Desc:       v.Get("desc") == "1",
		Page:       1,
		PerPage:    defaultPerPage,
	}
	var err error
	if q.PassMin, err = floatParam(v, "pmin", 0); err != nil {
		return q, err
	}
	if q.PassMax, err = floatParam(v, "pmax", 1); err != nil {
		return q, err
	}
	if q.Page, err = intParam(v, "page", 1); err != nil {
		return q, err
	}
	if q.PerPage, err = intParam(v, "per", defaultPerPage); err != nil {
		return q, err
	}
	q.Page, q.PerPage = max(q.Page, 1), min(max(q.PerPage, 1), maxPerPage)
	if !slices.Contains(sortKeys, q.Sort) {
		q.Sort = "line"
	}
	return q, nil
}

func floatParam(v url.Values, name string, def float64) (float64, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	pct := strings.HasSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		return def, fmt.Errorf("%s: %q is not a number", name, s)
	}
	if pct {
		f /= 100
	}
	return f, nil
}

func intParam(v url.Values, name string, def int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return def, fmt.Errorf("%s: %q is not a whole number", name, s)
	}
	return n, nil
}

// Values writes the query back as URL parameters, defaults left out.
func (q Query) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Q)
	set("cat", q.Category)
	set("diff", q.Difficulty)
	set("reason", q.Reason)
	if q.PassMin != 0 {
		v.Set("pmin", strconv.FormatFloat(q.PassMin, 'f', -1, 64))
	}
	if q.PassMax != 1 {
		v.Set("pmax", strconv.FormatFloat(q.PassMax, 'f', -1, 64))
	}
	if q.ZeroVar {
		v.Set("zv", "1")
	}
	if q.Sort != "line" {
		v.Set("sort", q.Sort)
	}
	if q.Desc {
		v.Set("desc", "1")
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage != defaultPerPage {
		v.Set("per", strconv.Itoa(q.PerPage))
	}
	return v
}

// Match returns the positions of the groups the query keeps, sorted as it
// asks (ties in file order). It walks a cached order of all groups, so a
// query costs one pass over the index, never a sort.
func (ix *Index) Match(q Query) []int32 {
	m := ix.matcher(q)
	order := ix.order(q.Sort, q.Desc)
	out := make([]int32, 0, len(ix.Groups)/4)
	if order == nil {
		for i := range ix.Groups {
			if m(&ix.Groups[i]) {
				out = append(out, int32(i))
			}
		}
		return out
	}
	for _, i := range order {
		if m(&ix.Groups[i]) {
			out = append(out, i)
		}
	}
	return out
}

// matcher compiles the filters once; a label that does not exist matches
// nothing.
func (ix *Index) matcher(q Query) func(*Group) bool {
	lookup := func(s string) (uint16, bool, bool) { // id, filter set, exists
		if s == "" {
			return 0, false, true
		}
		id, ok := ix.labelID[s]
		return id, true, ok
	}
	cat, byCat, catOK := lookup(q.Category)
	diff, byDiff, diffOK := lookup(q.Difficulty)
	reason, byReason, reasonOK := lookup(q.Reason)
	if !catOK || !diffOK || !reasonOK {
		return func(*Group) bool { return false }
	}
	text := strings.ToLower(q.Q)
	byPass := q.PassMin > 0 || q.PassMax < 1
	return func(g *Group) bool {
		switch {
		case byCat && g.Category != cat, byDiff && g.Difficulty != diff:
			return false
		case q.ZeroVar && !g.ZeroVar:
			return false
		case byPass && (g.Scored == 0 || g.PassRate < q.PassMin || g.PassRate > q.PassMax):
			return false
		case byReason && !slices.Contains(g.Reasons, reason):
			return false
		case text != "" && !strings.Contains(g.search, text):
			return false
		}
		return true
	}
}

// orders caches every group's position in each sort order.
type orders struct {
	mu sync.Mutex
	m  map[orderKey]*orderEntry
}

type orderKey struct {
	sort string
	desc bool
}

type orderEntry struct {
	once sync.Once
	pos  []int32
}

// order is all group positions sorted by key (nil for file order); it is
// computed once per key and direction and shared by every request, which
// waits only for its own order.
func (ix *Index) order(key string, desc bool) []int32 {
	if (key == "line" || key == "") && !desc {
		return nil
	}
	ix.orders.mu.Lock()
	if ix.orders.m == nil {
		ix.orders.m = map[orderKey]*orderEntry{}
	}
	k := orderKey{key, desc}
	e := ix.orders.m[k]
	if e == nil {
		e = &orderEntry{}
		ix.orders.m[k] = e
	}
	ix.orders.mu.Unlock()
	e.once.Do(func() { e.pos = ix.sorted(key, desc) })
	return e.pos
}

// sorted sorts all positions by key: the keys are copied next to the
// positions first, so the sort touches a small array rather than the
// groups (several times faster on a large index).
func (ix *Index) sorted(key string, desc bool) []int32 {
	type kp struct {
		k float64
		s string
		p int32
	}
	keys := make([]kp, len(ix.Groups))
	num, str := ix.numericKey(key), ix.stringKey(key)
	for i := range ix.Groups {
		g := &ix.Groups[i]
		keys[i] = kp{p: int32(i)}
		if num != nil {
			keys[i].k = num(g)
		} else {
			keys[i].s = str(g)
		}
	}
	sign := 1
	if desc {
		sign = -1
	}
	slices.SortFunc(keys, func(a, b kp) int {
		c := cmp.Compare(a.k, b.k)
		if num == nil {
			c = strings.Compare(a.s, b.s)
		}
		return cmp.Or(sign*c, cmp.Compare(a.p, b.p))
	})
	o := make([]int32, len(keys))
	for i, k := range keys {
		o[i] = k.p
	}
	return o
}

// numericKey is the number a column sorts by; nil for a text column.
func (ix *Index) numericKey(key string) func(*Group) float64 {
	switch key {
	case "size":
		return func(g *Group) float64 { return float64(g.Size) }
	case "mean":
		return func(g *Group) float64 { return g.Mean }
	case "pass":
		return func(g *Group) float64 { return g.PassRate }
	case "std":
		return func(g *Group) float64 { return g.Std }
	case "zv":
		return func(g *Group) float64 { return float64(b2i(g.ZeroVar)) }
	case "tokens":
		return func(g *Group) float64 { return g.MeanTokens }
	case "id", "category", "difficulty":
		return nil
	}
	return func(g *Group) float64 { return float64(g.File)*(1<<40) + float64(g.Line) }
}

func (ix *Index) stringKey(key string) func(*Group) string {
	switch key {
	case "id":
		return func(g *Group) string { return g.ID }
	case "category":
		return func(g *Group) string { return ix.Labels[g.Category] }
	case "difficulty":
		return func(g *Group) string { return ix.Labels[g.Difficulty] }
	}
	return nil
}

// warmOrders computes every sort order ahead of the first request that
// needs it.
func (ix *Index) warmOrders() {
	for _, key := range sortKeys {
		ix.order(key, false)
		ix.order(key, true)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// LabelCount is a label and the groups that carry it.
type LabelCount struct {
	Name  string
	Count int
}

// Facets counts the groups per category, difficulty and reason, for the
// filter menus; computed once, as the index does not change.
func (ix *Index) facets() (cats, diffs, reasons []LabelCount) {
	n := func(m map[uint16]int) []LabelCount {
		out := make([]LabelCount, 0, len(m))
		for id, c := range m {
			out = append(out, LabelCount{Name: ix.Labels[id], Count: c})
		}
		slices.SortFunc(out, func(a, b LabelCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
		})
		return out
	}
	c, d, r := map[uint16]int{}, map[uint16]int{}, map[uint16]int{}
	for i := range ix.Groups {
		g := &ix.Groups[i]
		c[g.Category]++
		d[g.Difficulty]++
		for _, id := range g.Reasons {
			r[id]++
		}
	}
	return n(c), n(d), n(r)
}
