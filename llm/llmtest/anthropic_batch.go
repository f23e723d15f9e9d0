package llmtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// serveAnthropicBatch implements POST /v1/messages/batches,
// GET /v1/messages/batches/{id} and GET /v1/messages/batches/{id}/results.
func (s *Server) serveAnthropicBatch(w http.ResponseWriter, r Received) {
	b := &s.batch
	b.mu.Lock()
	defer b.mu.Unlock()
	b.init()
	rest := strings.TrimPrefix(strings.TrimPrefix(r.Path, "/v1/messages/batches"), "/")
	switch {
	case rest == "":
		var body struct {
			Requests []struct {
				CustomID string         `json:"custom_id"`
				Params   map[string]any `json:"params"`
			} `json:"requests"`
		}
		if err := json.Unmarshal(r.Raw, &body); err != nil || len(body.Requests) == 0 {
			anthropicError(w, 400, "invalid_request_error", "requests: Field required")
			return
		}
		job := &fakeJob{id: b.newID("msgbatch_"), created: time.Now().Unix()}
		for _, req := range body.Requests {
			job.total++
			res := map[string]any{"custom_id": req.CustomID}
			if s.cfg.BatchFail != nil && s.cfg.BatchFail(req.CustomID) {
				job.failed++
				res["result"] = map[string]any{"type": "errored", "error": map[string]any{"type": "error",
					"error": map[string]any{"type": "invalid_request_error", "message": "messages: at least one message is required"}}}
			} else {
				job.ok++
				res["result"] = map[string]any{"type": "succeeded", "message": s.messageBody(Received{Path: "/v1/messages", Body: req.Params})}
			}
			job.results = append(job.results, res)
		}
		b.jobs[job.id] = job
		writeJSON(w, 200, s.anthropicJob(job, "in_progress"))
	case strings.HasSuffix(rest, "/results"):
		job, ok := b.jobs[strings.TrimSuffix(rest, "/results")]
		if !ok || job.polls < s.cfg.BatchPolls {
			anthropicError(w, 404, "not_found_error", "batch results not available")
			return
		}
		w.Header().Set("Content-Type", "application/x-jsonl")
		enc := json.NewEncoder(w)
		for _, res := range job.results {
			enc.Encode(res)
		}
	default:
		job, ok := b.jobs[rest]
		if !ok {
			anthropicError(w, 404, "not_found_error", "batch not found")
			return
		}
		status := "ended"
		if job.polls < s.cfg.BatchPolls {
			job.polls++
			status = "in_progress"
		}
		writeJSON(w, 200, s.anthropicJob(job, status))
	}
}

func (s *Server) anthropicJob(j *fakeJob, status string) map[string]any {
	counts := map[string]any{"processing": j.total, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
	m := map[string]any{
		"id": j.id, "type": "message_batch", "processing_status": status,
		"created_at": time.Unix(j.created, 0).UTC().Format(time.RFC3339), "expires_at": time.Unix(j.created+86400, 0).UTC().Format(time.RFC3339),
		"ended_at": nil, "archived_at": nil, "cancel_initiated_at": nil, "results_url": nil, "request_counts": counts,
	}
	if status == "ended" {
		m["request_counts"] = map[string]any{"processing": 0, "succeeded": j.ok, "errored": j.failed, "canceled": 0, "expired": 0}
		m["results_url"] = s.URL + "/v1/messages/batches/" + j.id + "/results"
		m["ended_at"] = time.Now().UTC().Format(time.RFC3339)
	}
	return m
}
