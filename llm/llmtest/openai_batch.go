package llmtest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"time"
)

// batchState holds the fake batch jobs and files of a server.
type batchState struct {
	mu    sync.Mutex
	seq   int
	files map[string][]byte
	jobs  map[string]*fakeJob
}

type fakeJob struct {
	id, input, output, errors string
	polls                     int
	total, ok, failed         int
	created                   int64
	results                   []map[string]any // Anthropic: one per request
}

func (b *batchState) newID(prefix string) string {
	b.seq++
	return fmt.Sprintf("%s%d", prefix, b.seq)
}

func (b *batchState) init() {
	if b.files == nil {
		b.files = map[string][]byte{}
		b.jobs = map[string]*fakeJob{}
	}
}

// serveOpenAIBatch implements POST /v1/files, POST /v1/batches,
// GET /v1/batches/{id} and GET /v1/files/{id}/content.
func (s *Server) serveOpenAIBatch(w http.ResponseWriter, r Received) {
	b := &s.batch
	b.mu.Lock()
	defer b.mu.Unlock()
	b.init()
	switch {
	case r.Path == "/v1/files":
		data, name, err := multipartFile(r)
		if err != nil {
			openAIError(w, 400, "invalid_request_error", "", err.Error())
			return
		}
		id := b.newID("file-")
		b.files[id] = data
		writeJSON(w, 200, map[string]any{"id": id, "object": "file", "bytes": len(data), "created_at": time.Now().Unix(),
			"filename": name, "purpose": "batch", "status": "processed"})
	case r.Path == "/v1/batches":
		in, _ := r.Body["input_file_id"].(string)
		data, ok := b.files[in]
		if !ok {
			openAIError(w, 404, "invalid_request_error", "", "No such File object: "+in)
			return
		}
		job := &fakeJob{id: b.newID("batch_"), input: in, created: time.Now().Unix()}
		var out, errs bytes.Buffer
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<26)
		for sc.Scan() {
			var line struct {
				CustomID string         `json:"custom_id"`
				URL      string         `json:"url"`
				Body     map[string]any `json:"body"`
			}
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				continue
			}
			job.total++
			res := map[string]any{"id": "batch_req_" + line.CustomID, "custom_id": line.CustomID, "error": nil}
			if s.cfg.BatchFail != nil && s.cfg.BatchFail(line.CustomID) {
				job.failed++
				res["response"] = map[string]any{"status_code": 400, "request_id": "req_x", "body": map[string]any{
					"error": map[string]any{"message": "Invalid 'messages': empty.", "type": "invalid_request_error", "param": "messages", "code": nil}}}
				json.NewEncoder(&errs).Encode(res)
				continue
			}
			job.ok++
			res["response"] = map[string]any{"status_code": 200, "request_id": "req_x", "body": s.chatBody(Received{Path: line.URL, Body: line.Body})}
			json.NewEncoder(&out).Encode(res)
		}
		job.output = b.newID("file-")
		b.files[job.output] = out.Bytes()
		if errs.Len() > 0 {
			job.errors = b.newID("file-")
			b.files[job.errors] = errs.Bytes()
		}
		b.jobs[job.id] = job
		writeJSON(w, 200, s.openAIJob(job, "validating"))
	case strings.HasPrefix(r.Path, "/v1/batches/"):
		job, ok := b.jobs[strings.TrimPrefix(r.Path, "/v1/batches/")]
		if !ok {
			openAIError(w, 404, "invalid_request_error", "", "No such Batch object")
			return
		}
		status := "completed"
		if job.polls < s.cfg.BatchPolls {
			job.polls++
			status = "in_progress"
		}
		writeJSON(w, 200, s.openAIJob(job, status))
	case strings.HasPrefix(r.Path, "/v1/files/") && strings.HasSuffix(r.Path, "/content"):
		data, ok := b.files[strings.TrimSuffix(strings.TrimPrefix(r.Path, "/v1/files/"), "/content")]
		if !ok {
			openAIError(w, 404, "invalid_request_error", "", "No such File object")
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(data)
	default:
		openAIError(w, 404, "invalid_request_error", "unknown_url", "Unknown request URL: "+r.Path)
	}
}

func (s *Server) openAIJob(j *fakeJob, status string) map[string]any {
	m := map[string]any{
		"id": j.id, "object": "batch", "endpoint": "/v1/chat/completions", "errors": nil,
		"input_file_id": j.input, "completion_window": "24h", "status": status, "created_at": j.created,
		"request_counts": map[string]any{"total": j.total, "completed": 0, "failed": 0},
	}
	if status == "completed" {
		m["output_file_id"] = j.output
		if j.errors != "" {
			m["error_file_id"] = j.errors
		}
		m["request_counts"] = map[string]any{"total": j.total, "completed": j.ok, "failed": j.failed}
	}
	return m
}

func multipartFile(r Received) (data []byte, name string, err error) {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return nil, "", err
	}
	mr := multipart.NewReader(bytes.NewReader(r.Raw), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			return nil, "", fmt.Errorf("no file part: %v", err)
		}
		if p.FormName() == "file" {
			data, err := io.ReadAll(p)
			return data, p.FileName(), err
		}
	}
}
