package tokenize

import "unsafe"

// unsafeString views b as a string without copying, for reading only.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
