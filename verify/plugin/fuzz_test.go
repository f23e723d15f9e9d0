package plugin

import "testing"

// FuzzParseAnswer: any line is either not an answer or a well-formed
// verdict (a score in [0,1] with correct agreeing, or none with a reason).
func FuzzParseAnswer(f *testing.F) {
	for _, s := range []string{`{"id":"a","index":0,"score":1}`, `{"id":3,"index":1,"score":null}`, `{"id":"a","index":0,"score":"1"}`, `{"id":"a","index":0,"score":0.5,"correct":true}`, `nope`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		_, d, ok := parseAnswer([]byte(line))
		if !ok {
			return
		}
		if d.Score == nil && d.Reason == "" || d.Score != nil && (*d.Score < 0 || *d.Score > 1 || d.Correct == nil || *d.Correct != (*d.Score == 1)) {
			t.Fatalf("%q: %+v", line, d)
		}
	})
}
