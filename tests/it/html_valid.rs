//! The default theme's pages pass the Nu HTML Checker (vnu) with zero errors.
//!
//! Needs java and vnu.jar (`.ci/run` installs both). Run by hand without them,
//! the test is skipped with a message saying what to install; under CI=true
//! a missing tool is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn vnu_jar() -> Option<PathBuf> {
    if let Some(jar) = std::env::var_os("VNU_JAR") {
        return Some(PathBuf::from(jar));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))?;
    let jar = cache.join("rapport-vnu/node_modules/vnu-jar/build/dist/vnu.jar");
    jar.is_file().then_some(jar)
}

fn java_works() -> bool {
    Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn example_site_pages_pass_the_nu_html_checker() {
    let (Some(jar), true) = (vnu_jar(), java_works()) else {
        let message = "SKIPPED example_site_pages_pass_the_nu_html_checker: needs java and vnu.jar. \
                       Install them with: apt-get install -y default-jre-headless && \
                       npm install --prefix ~/.cache/rapport-vnu --ignore-scripts vnu-jar (or set VNU_JAR)";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        eprintln!("\n!!! {message}\n");
        return;
    };
    let out = tempfile::tempdir().expect("tmp");
    let output = out.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = rapport::BuildOptions {
        site: root.join("example-site"),
        output: Some(output.clone()),
        base_url: None,
        drafts: false,
        today: None,
        progress: None,
    };
    let report = rapport::build(&options).expect("build");
    assert!(report.ok, "{:#?}", report.diagnostics);
    let status = Command::new("bash")
        .arg(root.join("scripts/validate-html.sh"))
        .arg(&output)
        .env("VNU_JAR", &jar)
        .status()
        .expect("run validate-html.sh");
    assert!(
        status.success(),
        "vnu reported errors in the example site's pages (see above)"
    );
}
