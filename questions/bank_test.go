package questions

import (
	"path"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// seedTitles are the questions of the two seed documents the bank started
// from (../shared/seeds), by file. Every one must be named in some entry's
// source.
var seedTitles = map[string][]string{
	"000_d35e1dafaebd6e4b.txt": {
		"What is Docker, and how does it differ from virtualization?",
		"What are the benefits of using Docker?",
		"Explain the difference between Docker images and containers.",
		"How do you create a Docker image?",
		"What is a Dockerfile, and how do you use it?",
		"What is Docker Compose, and how do you use it?",
		"What are Docker volumes, and why are they used?",
		"What is Docker Swarm, and how does it differ from Kubernetes?",
		"What is Docker Hub, and how is it used?",
		"How do you monitor Docker containers and services?",
		"What is Docker Networking, and what are the different types of Docker networks?",
		"How do you scale Docker containers?",
		"What are Docker Secrets, and how are they managed?",
		"How do you achieve high availability in Docker Swarm?",
		"What is Docker Desktop, and how is it used?",
		"How do you share data between Docker containers?",
		"What are Docker Labels, and how are they used?",
		"How do you debug Docker containers?",
		"What is Docker Registry, and why is it used?",
		"How do you remove Docker containers, images, and volumes?",
		"What is Dockerfile caching, and how does it work?",
		"How do you optimize Docker images for production?",
		"What is Docker Swarm mode, and how does it work?",
		"How do you secure Docker containers and images?",
		"How do you handle Docker container networking in a multi-host environment?",
		"What is Docker Content Trust, and why is it important?",
		"What is Docker Swarm routing mesh, and how does it work?",
		"How do you back up and restore Docker volumes?",
		"How do you secure Docker Swarm clusters?",
		"What are Docker storage drivers, and how do they work?",
	},
	"001_a0cb96d8c21e74ea.txt": {
		"What is Docker Swarm and how does it differ from Kubernetes?",
		"Explain the concept of Namespaces and Cgroups in Docker.",
		"What is a Multi-Stage Build? key benefits?",
		"How does Docker handle security?",
		"What is the Docker Daemon socket and why is it a security risk?",
		"How do you debug a container that keeps crashing immediately?",
		"What is Docker Content Trust (DCT)?",
		"Explain the `overlay2` storage driver.",
		`What is an "init" process in Docker and why might you need it?`,
		"How do you upgrade a Docker Swarm cluster with zero downtime?",
		`What are "multihost" networks in Docker?`,
		"How to configure Docker to use a proxy?",
		"What is the difference between `ENTRYPOINT` and `CMD`?",
		"What is `docker-compose`?",
		"How do you start services with compose?",
		"How do you stop compose services?",
		"How do you check compose logs?",
		"What is a Docker Volume?",
		"What is a Docker Network?",
		"What is the difference between ADD and COPY?",
	},
}

func embeddedBank(t *testing.T) []quiz.Question {
	t.Helper()
	qs, err := Embedded()
	if err != nil {
		t.Fatalf("the embedded bank does not load:\n%v", err)
	}
	return qs
}

func TestSeedQuestionsCovered(t *testing.T) {
	qs := embeddedBank(t)
	total := 0
	for file, titles := range seedTitles {
		for _, title := range titles {
			total++
			want := file + ": " + title
			found := false
			for _, q := range qs {
				for _, s := range strings.Split(q.Source, " | ") {
					if s == want {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("no entry's source names %q", want)
			}
		}
	}
	if total != 50 {
		t.Errorf("the seed list holds %d titles; the seeds have 50", total)
	}
}

// TestBankTargets checks the size and balance that a daily schedule needs
// for a year without repeating: at least 365 questions, 26 per topic, every
// level at least a quarter, and every entry ready for interview mode.
func TestBankTargets(t *testing.T) {
	qs := embeddedBank(t)
	if len(qs) < 365 {
		t.Errorf("the bank has %d questions; want at least 365", len(qs))
	}
	byTopic := map[quiz.Topic]int{}
	byLevel := map[quiz.Level]int{}
	for _, q := range qs {
		byTopic[q.Topic]++
		byLevel[q.Level]++
	}
	for _, topic := range quiz.Topics {
		if byTopic[topic] < 26 {
			t.Errorf("topic %s has %d questions; want at least 26", topic, byTopic[topic])
		}
	}
	for _, level := range quiz.Levels {
		if byLevel[level]*4 < len(qs) {
			t.Errorf("level %s has %d of %d questions; want at least 25%%", level, byLevel[level], len(qs))
		}
	}
	for _, q := range qs {
		if len(q.KeyPoints) < quiz.MinKeyPoints {
			t.Errorf("%s has %d key points; interview mode needs %d to %d", q.ID, len(q.KeyPoints), quiz.MinKeyPoints, quiz.MaxKeyPoints)
		}
	}
}

// TestBankEntriesFollowConventions checks what the linter leaves to the
// bank's own writers: ids start with their topic, each topic lives in its
// own file, and model answers are interview-sized.
func TestBankEntriesFollowConventions(t *testing.T) {
	for _, f := range EmbeddedFiles() {
		qs, err := Parse([]File{f})
		if err != nil {
			t.Fatal(err)
		}
		topic := strings.TrimSuffix(path.Base(f.Name), ".yaml")
		for _, q := range qs {
			if string(q.Topic) != topic {
				t.Errorf("%s: %s has topic %s; it belongs in %s.yaml", f.Name, q.ID, q.Topic, q.Topic)
			}
			if !strings.HasPrefix(q.ID, topic+"-") {
				t.Errorf("%s: id %s does not start with %q", f.Name, q.ID, topic+"-")
			}
			if n := utf8.RuneCountInString(strings.TrimSpace(q.Answer)); n < 400 || n > 2000 {
				t.Errorf("%s: %s has a model answer of %d characters; want 400 to 2,000", f.Name, q.ID, n)
			}
		}
	}
}
