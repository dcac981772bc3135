use minijinja::Value;
use minijinja::context;

use super::*;

fn render(source: &str, ctx: Value) -> Result<String> {
    let dir = tempdir();
    std::fs::create_dir_all(dir.join("emails")).unwrap();
    std::fs::write(dir.join("emails/t.md.j2"), source).unwrap();
    let templates = Templates::with_overrides(Some(&dir));
    let env = environment(&templates).unwrap();
    render_template(&env, &templates, "emails/t.md.j2", ctx).map(|text| markdown::unmarked(&text))
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "offerbrief-text-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn money_filters_show_whole_dollars_and_cents_only_when_asked() {
    let ctx =
        context! { a => 185000.0, b => 299994.75, c => 12000, d => -4000.0, z => 0.0, h => 141.83 };
    let out = render(
        "{{ a|money }} {{ b|money }} {{ c|signed_money }} {{ d|signed_money }} {{ z|signed_money }} {{ h|money_cents }}",
        ctx,
    )
    .unwrap();
    assert_eq!(out, "$185,000 $299,995 +$12,000 -$4,000 $0 $141.83");
}

#[test]
fn percent_number_ordinal_and_date_filters() {
    let ctx = context! { p => 53.4, q => 60.0, r => 11.17, w => 2080, x => 6.7, y => 7.428571, t => 75, s => "2027-01-11" };
    let out = render(
        "{{ p|percent }} {{ q|percent }} {{ r|percent(2) }} {{ x|signed_percent }} {{ w|number }} {{ x|number }} {{ y|number(1) }} {{ t|ordinal }} {{ s|date }}",
        ctx,
    )
    .unwrap();
    assert_eq!(
        out,
        "53.4% 60.0% 11.17% +6.7% 2,080 6.7 7.4 75th January 11, 2027"
    );
}

#[test]
fn undefined_variable_names_template_line_and_variable() {
    let err = render(
        "Hello\n{{ offer.rol }}\n",
        context! { offer => context! { role => "x" } },
    )
    .unwrap_err();
    assert!(crate::error::is_input_error(&err));
    let message = err.to_string();
    assert!(message.contains("emails/t.md.j2:2:"), "{message}");
    assert!(message.contains("offer.rol"), "{message}");
}

#[test]
fn printing_none_or_a_raw_float_is_an_error() {
    let err = render("Hi {{ name }}", context! { name => Value::from(()) }).unwrap_err();
    assert!(err.to_string().contains(":1: "), "{err}");
    assert!(err.to_string().contains("none"), "{err}");
    let err = render("{{ a }}", context! { a => 1.5 }).unwrap_err();
    assert!(err.to_string().contains("|money"), "{err}");
}

#[test]
fn text_in_a_draft_is_put_on_one_line_and_marked_literal() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.join("emails")).unwrap();
    std::fs::write(dir.join("emails/t.md.j2"), "**Hi** {{ name }}").unwrap();
    let templates = Templates::with_overrides(Some(&dir));
    let env = environment(&templates).unwrap();
    let marked = render_template(
        &env,
        &templates,
        "emails/t.md.j2",
        context! { name => "**Jo**\n- x" },
    )
    .unwrap();
    assert_eq!(markdown::unmarked(&marked), "**Hi** **Jo** - x");
    assert_eq!(
        markdown::spans(&marked),
        vec![
            markdown::Span {
                text: "Hi".into(),
                strong: true
            },
            markdown::Span {
                text: " **Jo** - x".into(),
                strong: false
            }
        ]
    );
}
