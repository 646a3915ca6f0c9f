# Sendwell: two commands. `make run` sets up what is missing and starts the app;
# `make test` sets up what is missing, starts the test servers and runs every test.
.PHONY: run test setup setup-test build package bench-app e2e icons fmt

run: setup
	npx tauri dev

test: setup-test
	bash tests/run-all.sh

setup:
	bash scripts/setup.sh app

setup-test:
	bash scripts/setup.sh test

# The desktop binary with the UI bundled in, copied to target/e2e/ for the end-to-end test
# (a later `cargo test` rebuilds target/debug/sendwell-desktop as a dev build that loads devUrl).
build: setup
	bash scripts/build-app.sh

# The release app and its Linux installers (.deb, .rpm) under target/release/bundle/, with their
# sizes. Windows and macOS installers: .github/workflows/installers.yml on the public home.
package: setup
	bash scripts/package.sh

# Launch time, idle memory and UI responsiveness of the release app under Xvfb (docs/BENCHMARKS.md);
# needs the test servers' env: source "$$(cat /tmp/shared-run)/env" (or tests/servers/start.sh).
bench-app:
	bash bench/app.sh

# Regenerate every icon size from the one source image.
icons:
	convert -background none icons/source.svg -resize 1024x1024 -depth 8 PNG32:target/icon-1024.png
	npx tauri icon target/icon-1024.png -o icons
	rm -rf icons/android icons/ios

fmt:
	cargo fmt --all
