package anthropic

import "encoding/json"

// errorMessage pulls error.message out of an Anthropic error body
// ({"type":"error","error":{"type":"...","message":"..."}}).
func errorMessage(raw string) string {
	var env struct {
		Error struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal([]byte(raw), &env) == nil && env.Error.Message != "" {
		return env.Error.Message
	}
	if len(raw) > 200 {
		raw = raw[:200]
	}
	return raw
}
