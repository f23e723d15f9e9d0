// Package plugin is the exec verifier: --verifier exec:PATH (or
// exec:"CMD ARGS") scores responses with a program of the user's, in any
// language, without rebuilding grpodata. It owns the process pool and the
// protocol; what a score means is the program's.
//
// Protocol. The program is started once per worker (--workers copies),
// not once per response, and kept running. It reads one JSON object a line
// on stdin per response:
//
//	{"id": RECORD_ID, "index": I, "record": {...the whole record...}, "response": {...}}
//
// and writes one line on stdout for each:
//
//	{"id": RECORD_ID, "index": I, "score": 0.0-1.0 or null, "correct": true, "reason": "..."}
//
// correct and reason are optional (correct defaults to score == 1 and must
// agree with it); answers may come in any order. A copy's first answer has
// 10 s more than --timeout, for the program to start. RECORD_ID is the record's
// id as a string (a number is read back too), or its content key when it
// has none; I is the response's index in record.responses. A null score
// is undecided (the reason says why). Stderr is the program's own; its
// last lines are quoted when it dies.
//
// Failures are verdicts, never a stopped run: an answer that is not the
// protocol's (a score outside [0,1] or not a number) leaves that response
// undecided; a line that is not JSON or names no request, a crash, or no
// answer within the response's budget (--timeout) leaves every response
// the copy had in hand undecided with the reason, and the copy is started
// again for the next response. A copy that dies five times in a row
// without answering anything is not restarted again: its responses are
// undecided with its last failure.
//
// CMD ARGS is split as a POSIX shell would split words (quotes, escapes),
// by github.com/google/shlex, but nothing is expanded and no shell runs.
package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/shlex"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

// Name is the registered verifier name.
const Name = "exec"

func init() {
	verify.Register(verify.Spec{
		Name: Name,
		Arg:  `PATH or "CMD ARGS"`,
		Help: `run your own verifier program (exec:PATH or exec:"CMD ARGS"): one copy per worker reads a JSON ` +
			`line per response on stdin and answers {"id","index","score","correct","reason"} on stdout`,
		New: New,
	})
}

// maxFailures is how many times in a row a copy may die without answering
// before it is left dead.
const maxFailures = 5

// Verifier is the exec verifier. It is safe for concurrent use.
type Verifier struct {
	argv  []string
	slots []*slot
	next  atomic.Uint64
}

var (
	_ verify.Verifier = (*Verifier)(nil)
	_ verify.Budgeter = (*Verifier)(nil)
)

// startGrace is added to the budget while a copy has not answered yet: an
// interpreter loading its libraries is not a hang.
const startGrace = 10 * time.Second

// Budget is the response's budget, plus startGrace while some copy is
// fresh (just started, or started again).
func (v *Verifier) Budget(_ *record.Record, base time.Duration) time.Duration {
	for _, s := range v.slots {
		if s.fresh() {
			return base + startGrace
		}
	}
	return base
}

// New splits the command and starts one copy per worker; a program that
// cannot be started is an error before any record is read.
func New(o verify.Options) (verify.Verifier, error) {
	argv, err := shlex.Split(o.Arg)
	if err != nil {
		return nil, fmt.Errorf("exec:%q: %w", o.Arg, err)
	}
	if len(argv) == 0 {
		return nil, fmt.Errorf(`exec: no program given (exec:PATH or exec:"CMD ARGS")`)
	}
	if _, err := exec.LookPath(argv[0]); err != nil {
		return nil, fmt.Errorf("exec:%s: %w", argv[0], err)
	}
	n := o.Workers
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	v := &Verifier{argv: argv}
	for range n {
		s := &slot{argv: argv}
		if _, err := s.live(); err != nil {
			v.Close()
			return nil, err
		}
		v.slots = append(v.slots, s)
	}
	return v, nil
}

// Close ends every copy: stdin is closed so it can finish, then it is
// killed if it lingers.
func (v *Verifier) Close() error {
	var wg sync.WaitGroup
	for _, s := range v.slots {
		wg.Go(s.close)
	}
	wg.Wait()
	return nil
}

// Verify sends the response to a copy and waits for its answer.
func (v *Verifier) Verify(ctx context.Context, rec *record.Record, resp *record.Response) verify.Verdict {
	if ctx.Err() != nil {
		return verify.Undecided("", "timeout")
	}
	index := indexOf(rec, resp)
	id := rec.ID
	if id == "" {
		id = rec.Key()
	}
	line, err := requestLine(id, index, rec, resp)
	if err != nil {
		return verify.Undecided("", "plugin: "+err.Error())
	}
	s := v.pick()
	s.inHand.Add(1)
	defer s.inHand.Add(-1)
	return s.ask(ctx, key{id, index}, line)
}

// pick is the copy with the fewest responses in hand, looking from a
// rotating start so ties spread.
func (v *Verifier) pick() *slot {
	start := int(v.next.Add(1) % uint64(len(v.slots)))
	best := v.slots[start]
	for i := 1; i < len(v.slots); i++ {
		if s := v.slots[(start+i)%len(v.slots)]; s.inHand.Load() < best.inHand.Load() {
			best = s
		}
	}
	return best
}

// indexOf is resp's index in rec.Responses (0 for a response the record
// does not hold).
func indexOf(rec *record.Record, resp *record.Response) int {
	for i := range rec.Responses {
		if &rec.Responses[i] == resp {
			return i
		}
	}
	return 0
}

// requestLine is the protocol's line for one response.
func requestLine(id string, index int, rec *record.Record, resp *record.Response) ([]byte, error) {
	one := record.Record{Responses: []record.Response{*resp}}
	var holder struct{ Responses []json.RawMessage }
	if err := json.Unmarshal(one.AppendJSON(nil), &holder); err != nil || len(holder.Responses) != 1 {
		return nil, fmt.Errorf("cannot encode the response: %v", err)
	}
	b, err := json.Marshal(struct {
		ID       string          `json:"id"`
		Index    int             `json:"index"`
		Record   json.RawMessage `json:"record"`
		Response json.RawMessage `json:"response"`
	}{id, index, rec.AppendJSON(nil), holder.Responses[0]})
	return append(b, '\n'), err
}

// key matches an answer with its request.
type key struct {
	id    string
	index int
}

// answer is one line of the program's, as read.
type answer struct {
	ID      json.RawMessage `json:"id"`
	Index   *int            `json:"index"`
	Score   json.RawMessage `json:"score"`
	Correct *bool           `json:"correct"`
	Reason  string          `json:"reason"`
}

// parseAnswer reads a line: the request it answers, and its verdict. ok is
// false when the line names no request (it is not the protocol's).
func parseAnswer(line []byte) (k key, d verify.Verdict, ok bool) {
	var a answer
	if json.Unmarshal(line, &a) != nil || a.Index == nil || len(a.ID) == 0 {
		return key{}, verify.Verdict{}, false
	}
	var id string
	if json.Unmarshal(a.ID, &id) != nil {
		var n json.Number
		if json.Unmarshal(a.ID, &n) != nil {
			return key{}, verify.Verdict{}, false
		}
		id = n.String()
	}
	return key{id, *a.Index}, a.verdict(), true
}

// verdict checks the answer's score and correct flag.
func (a answer) verdict() verify.Verdict {
	reason := a.Reason
	if len(a.Score) == 0 || string(a.Score) == "null" {
		if reason == "" {
			reason = "plugin gave no score"
		}
		return verify.Undecided("", reason)
	}
	var score float64
	if json.Unmarshal(a.Score, &score) != nil || score < 0 || score > 1 {
		return verify.Undecided("", fmt.Sprintf("plugin: score %s is not a number in [0,1]", clip(string(a.Score))))
	}
	if a.Correct != nil && *a.Correct != (score == 1) {
		return verify.Undecided("", fmt.Sprintf("plugin: correct=%v with score %v (correct means score 1)", *a.Correct, score))
	}
	if reason == "" {
		reason = "plugin score"
	}
	return verify.Verdict{Score: &score, Correct: record.Bool(score == 1), Reason: reason}
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
