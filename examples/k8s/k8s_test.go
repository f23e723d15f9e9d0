// Package k8s holds the example Kubernetes Jobs; its test runs their
// container commands as the Job controller would (one process per index
// with $JOB_COMPLETION_INDEX set, then the merge Job) and checks that the
// result is the one-machine result.
package k8s

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/grpodata/grpodata/internal/clustertest"
)

// job is the part of a batch/v1 Job the test reads.
type job struct {
	Kind string
	Spec struct {
		CompletionMode       string `yaml:"completionMode"`
		Completions          int
		Parallelism          int
		BackoffLimitPerIndex *int `yaml:"backoffLimitPerIndex"`
		Template             struct {
			Spec struct {
				Containers []struct {
					Command      []string
					VolumeMounts []struct {
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				}
			}
		}
	}
}

func readJob(t *testing.T, path string) job {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var j job
	if err := yaml.Unmarshal(raw, &j); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if j.Kind != "Job" || len(j.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: want a Job with one container", path)
	}
	return j
}

// command is a Job's container command for this machine: grpodata is the
// test's binary, and paths under the volume's mount are under work.
func (j job) command(bin, work string) []string {
	c := j.Spec.Template.Spec.Containers[0]
	mount := c.VolumeMounts[0].MountPath
	args := append([]string{}, c.Command[1:]...)
	for i, a := range args {
		if strings.HasPrefix(a, mount+"/") {
			args[i] = filepath.Join(work, strings.TrimPrefix(a, mount+"/"))
		}
	}
	return append([]string{bin}, args...)
}

// TestIndexedJobEqualsOneMachine: the Indexed Job's N pods (run here as N
// processes at once) and the merge Job write the one-machine bytes.
func TestIndexedJobEqualsOneMachine(t *testing.T) {
	shards := readJob(t, "indexed-job.yaml")
	merge := readJob(t, "merge-job.yaml")
	s := shards.Spec
	if s.CompletionMode != "Indexed" || s.BackoffLimitPerIndex == nil || s.Completions < 2 {
		t.Fatalf("indexed-job.yaml: completionMode %q, backoffLimitPerIndex %v, completions %d", s.CompletionMode, s.BackoffLimitPerIndex, s.Completions)
	}
	if want := fmt.Sprintf("auto/%d", s.Completions); !strings.Contains(strings.Join(s.Template.Spec.Containers[0].Command, " "), want) {
		t.Fatalf("indexed-job.yaml: the command's --shard must be %s, as many shards as completions", want)
	}
	bin := clustertest.Build(t)
	work := t.TempDir()
	one, sharded := clustertest.Pipelines(t, work)
	// The Jobs read /data/pipeline.yaml: the sharded pipeline, whose run
	// folder is work/sharded.
	raw, _ := os.ReadFile(sharded)
	os.WriteFile(filepath.Join(work, "pipeline.yaml"), raw, 0o644)

	clustertest.Run(t, bin, "run", one)
	var wg sync.WaitGroup
	errs := make([]error, s.Completions)
	outs := make([][]byte, s.Completions)
	for i := range s.Completions {
		wg.Go(func() {
			argv := shards.command(bin, work)
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Env = append(os.Environ(), fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i), "SLURM_ARRAY_TASK_ID=", "GRPODATA_SHARD=")
			outs[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("index %d: %v\n%s", i, err, outs[i])
		}
	}
	argv := merge.command(bin, work)
	clustertest.Run(t, argv[0], argv[1:]...)
	clustertest.SameResults(t, work)
}
