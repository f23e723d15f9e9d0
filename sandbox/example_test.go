package sandbox_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/grpodata/grpodata/sandbox"
)

func Example() {
	// Refuses to run untrusted code without isolation unless Unsafe is set.
	r, err := sandbox.NewRunner(sandbox.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	py, err := sandbox.Python()
	if err != nil {
		log.Fatal(err)
	}
	res, err := r.Run(context.Background(), sandbox.Spec{
		Argv:   []string{py, "main.py"},
		Files:  map[string][]byte{"main.py": []byte("print(6 * 7)\n")},
		Limits: sandbox.Limits{Wall: 5 * time.Second, MemoryBytes: 256 << 20},
	})
	if err != nil {
		log.Fatal(err) // infrastructure failure, not the program's
	}
	fmt.Printf("%s ok=%v reason=%q", res.Stdout, res.OK(), res.Reason)
}
