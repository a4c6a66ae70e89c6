# Two commands from a fresh clone:
#   make demo   - create .venv, install (incl. the embedded model), summarize an example article
#   make test   - create .venv, install, run the test suite (cassettes replayed, never recorded)
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RECORD_PORT := 8765
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_TILE=OFF

.PHONY: demo test browser bench accuracy acceptance cassettes schemas clean digest-bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# llama-cpp-python builds from source (~5 min on 2 cores); pip caches the wheel afterwards.
	# A portable build (AVX2, no -march=native): a native build used AMX/AVX-512 kernels that
	# crash in some virtual machines, and a cached wheel may be reused on another CPU.
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install --quiet -e ".[local,test]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/summarize summary --offline --format text examples/port_verin_strikes.txt

test: $(STAMP) browser
	$(PY) -m pytest --record-mode=none

# Debian's chromium + chromedriver for the browser test of the HTML page (needs root; required in CI).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	  { [ -z "$$CI" ] && echo "chromium not installed: the browser test will be skipped"; }

bench: $(STAMP)
	$(PY) bench/corpus_bench.py

accuracy: $(STAMP)
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) bench/accuracy.py --markdown .cache/accuracy.md

acceptance: $(STAMP) browser
	$(PY) bench/corpus_bench.py --check --no-write
	$(PY) bench/cli_acceptance.py

# The nightly digest: cached rerun at 1,000 articles, clustering at 1,000/10,000, --workers 1/4/16
# against a local fixed-latency server (figures for BENCHMARKS.md), then the grouping's B-cubed on its fixture.
digest-bench: $(STAMP)
	$(PY) bench/digest_bench.py
	$(PY) bench/digest_tune.py

# Fuzzed bad input and the aligner's mutation properties with many generated cases (issue 10):
# STRESS_EXAMPLES per property; the count of generated cases is printed at the end.
.PHONY: stress verify-bench
STRESS_EXAMPLES ?= 1000
stress: $(STAMP)
	@mkdir -p .cache
	STRESS_EXAMPLES=$(STRESS_EXAMPLES) $(PY) -m pytest tests/test_fuzz_input.py tests/test_aligner_mutations.py \
		tests/test_verify.py --record-mode=none -q --hypothesis-profile=stress --hypothesis-show-statistics \
		> .cache/stress.log 2>&1; status=$$?; \
	$(PY) bench/stress_report.py .cache/stress.log; exit $$status

# Verification speed, the aligner's false accepts and honest recall, beside LangExtract's WordAligner
# (installed in its own environment: it pins an older tenacity than ours).
LANGEXTRACT_VENV := .cache/langextract-venv
verify-bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[bench]"
	test -x $(LANGEXTRACT_VENV)/bin/python || ($(PYTHON) -m venv $(LANGEXTRACT_VENV) && \
		$(LANGEXTRACT_VENV)/bin/python -m pip install --quiet "langextract>=1.7")
	$(PY) bench/verify_bench.py
	$(PY) bench/profile_article.py

schemas: $(STAMP)
	$(PY) -m summarize.schema_export

# Re-record the cassettes against a real llama.cpp server serving the packaged model
# (all of them, or only some: make cassettes TESTS="tests/test_cli.py tests/test_recorded_server.py").
cassettes: $(STAMP)
	$(PY) -m pip install --quiet -e ".[record]"
	if [ -n "$(TESTS)" ]; then for t in $(TESTS); do rm -rf cassettes/$$(basename $$t .py); done; else rm -rf cassettes; fi
	$(PY) -c "from summarize.backends.embedded import embedded_model_path; from summarize.settings import Settings; print(embedded_model_path(Settings()))" > $(VENV)/.model_path
	$(PY) -m llama_cpp.server --model "$$(cat $(VENV)/.model_path)" --chat_format gemma \
		--host 127.0.0.1 --port $(RECORD_PORT) --n_ctx 4096 --seed 7 > $(VENV)/server.log 2>&1 & \
	server=$$!; trap "kill $$server" EXIT; \
	for i in $$(seq 60); do curl -sf http://127.0.0.1:$(RECORD_PORT)/v1/models >/dev/null && break; sleep 1; done; \
	$(PY) -m pytest -m vcr --record-mode=once $(TESTS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
