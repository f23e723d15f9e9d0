package tokenize_test

import (
	"fmt"

	"github.com/grpodata/grpodata/tokenize"
)

func ExampleNew() {
	c, err := tokenize.New("o200k")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Count("Solve for x: 2x + 5 = 15"))
	// Special-token text counts as the one special token.
	fmt.Println(c.Count("<|endoftext|>"))
	// Output:
	// 13
	// 1
}

func ExampleEncoder() {
	c, err := tokenize.New("cl100k")
	if err != nil {
		panic(err)
	}
	enc := c.(tokenize.Encoder)
	ids := enc.Encode("hello world")
	text, _ := enc.Decode(ids)
	fmt.Println(ids, text)
	// Output:
	// [15339 1917] hello world
}

func ExampleEstimate() {
	fmt.Println(tokenize.Estimate{}.Count("three short words"))
	// Output:
	// 4
}
