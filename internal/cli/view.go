package cli

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/view"
)

// defaultViewAddr is where grpodata view listens without --addr; the
// environment may move it to another loopback address only.
const defaultViewAddr = "127.0.0.1:8765"

func init() { register(newViewCommand) }

func newViewCommand(s *Streams) *cobra.Command {
	var (
		addr    string
		open    bool
		skipBad bool
	)
	c := &cobra.Command{
		Use:   "view FILE...",
		Short: "browse groups in a local web page: table, filters, every response of a group, charts",
		Long: `view indexes the files (one streaming pass: byte offsets and a few numbers per
group, never the records) and serves a browser viewer on a loopback address:
a table of groups with sorting, paging and filters, one group with all its
responses side by side, and the report's charts for the current filter. The
state is in the URL, so a link shows the same view. It only reads the files;
.gz and .zst inputs are decompressed once into a temporary copy, removed on exit.

The address is loopback unless --addr names another one; $GRPODATA_VIEW_ADDR
may set a loopback default.`,
		Example: `  grpodata view runs/quickstart/verified.jsonl --open
  grpodata view data/*.jsonl.zst --addr 127.0.0.1:9000
  grpodata view data.jsonl --addr 0.0.0.0:8765     # other machines too: explicit only`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			explicit := cmd.Flags().Changed("addr")
			if !explicit {
				if env := os.Getenv("GRPODATA_VIEW_ADDR"); env != "" {
					addr = env
				}
			}
			l, err := view.Listen(addr, explicit)
			if err != nil {
				return usageError(err)
			}
			defer l.Close()
			fmt.Fprintf(s.Err, "indexing %s ...\n", describeInputs(args))
			progress := newRecordProgress(s.Err, "view")
			ix, err := view.Build(cmd.Context(), args, view.Options{SkipBad: skipBad, Progress: progress.report})
			progress.done()
			if err != nil {
				return usageError(err)
			}
			defer ix.Close()
			printIndexed(s, ix)
			url := "http://" + l.Addr().String() + "/"
			fmt.Fprintf(s.Err, "serving %s (read-only; Ctrl-C stops)\n", url)
			if host, _, _ := net.SplitHostPort(l.Addr().String()); !view.IsLoopback(host) {
				fmt.Fprintf(s.Err, "warning: %s is reachable from other machines: anyone who can reach it can read these files\n", l.Addr())
			}
			if open {
				openBrowser(s, url)
			}
			err = view.Serve(cmd.Context(), l, view.Handler(ix))
			if cmd.Context().Err() != nil {
				return nil // Ctrl-C: a normal end
			}
			return err
		},
	}
	c.Flags().StringVar(&addr, "addr", defaultViewAddr, "address to listen on (HOST:PORT; port 0 picks a free one); only a loopback address unless given here")
	c.Flags().BoolVar(&open, "open", false, "open the page in the default browser")
	c.Flags().BoolVar(&skipBad, "skip-bad", false, "leave out lines that are not records, count them and show them on the page (default: stop at the first with FILE:LINE: message, exit 2)")
	return c
}

func printIndexed(s *Streams, ix *view.Index) {
	mb := float64(ix.Bytes()) / 1e6
	secs := ix.Elapsed.Seconds()
	fmt.Fprintf(s.Err, "indexed %d groups, %.1f MB in %.2fs (%.0f MB/s)\n", len(ix.Groups), mb, secs, mb/max(secs, 1e-9))
	if ix.Skipped > 0 {
		fmt.Fprintf(s.Err, "warning: skipped %d bad records (first: %s)\n", ix.Skipped, ix.SkippedFirst[0])
	}
}

// describeInputs names the files and their size on disk.
func describeInputs(files []string) string {
	var size int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	name := files[0]
	if len(files) > 1 {
		name = fmt.Sprintf("%d files", len(files))
	}
	return fmt.Sprintf("%s (%.1f MB)", name, float64(size)/1e6)
}

// openBrowser starts the desktop's browser on url; failing that, the URL
// printed above is the way in.
func openBrowser(s *Streams, url string) {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	cmd := exec.Command(name, url)
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			err = errors.New(name + " not found")
		}
		fmt.Fprintf(s.Err, "warning: could not open a browser (%v): open %s yourself\n", err, url)
		return
	}
	go cmd.Wait()
}
