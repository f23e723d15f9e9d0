package view

import "unsafe"

// unsafeString views b as a string without copying; the caller does not
// keep the string past b's next change.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
