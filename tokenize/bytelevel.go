package tokenize

// The byte-level alphabet of GPT-2 (bytes_to_unicode): every byte maps to a
// printable character, so that a vocabulary of strings can hold any bytes.
// Printable Latin-1 bytes map to themselves, the others to U+0100 upwards.
var (
	byteToRune [256]rune
	runeToByte = make(map[rune]byte, 256)
)

func init() {
	n := 0
	for b := 0; b < 256; b++ {
		if b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF {
			byteToRune[b] = rune(b)
		} else {
			byteToRune[b] = rune(256 + n)
			n++
		}
		runeToByte[byteToRune[b]] = byte(b)
	}
}

// fromByteLevel turns a vocabulary entry back into the bytes it stands for;
// ok is false if it holds a character outside the alphabet.
func fromByteLevel(tok string) (string, bool) {
	if isASCII(tok) {
		for i := 0; i < len(tok); i++ {
			if byteToRune[tok[i]] != rune(tok[i]) {
				return "", false
			}
		}
		return tok, true
	}
	b := make([]byte, 0, len(tok))
	for _, r := range tok {
		c, ok := runeToByte[r]
		if !ok {
			return "", false
		}
		b = append(b, c)
	}
	return string(b), true
}
