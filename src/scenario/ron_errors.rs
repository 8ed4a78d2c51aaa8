//! Reading RON text and saying where it is wrong: files read with a size limit and a UTF-8
//! check, ron's errors moved onto the offending token and worded with the field, the token
//! found and the names expected, and [`locate`], which finds a field path (as the checks of
//! scenarios and kinetic tables name fields) in the text. Nothing here knows what a scenario
//! is: a document's own vocabulary comes in as [`FieldHints`].

use std::fmt;
use std::path::Path;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// A problem in a scenario (or kinetic-table) file, at a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for ScenarioError {}

/// What a document's parser knows of its fields, for better messages.
pub struct FieldHints<'a> {
    /// The top-level fields, for a hint when one turns up inside an unclosed `(`.
    pub outer_fields: &'a [&'a str],
    /// The names an enum-valued field takes.
    pub variants: fn(&str) -> Option<Vec<String>>,
    /// The valid range of a whole-number field, for an out-of-bounds value.
    pub integer_range: fn(&str) -> Option<String>,
}

impl FieldHints<'static> {
    /// No knowledge of the document's fields.
    pub const NONE: FieldHints<'static> = FieldHints {
        outer_fields: &[],
        variants: |_| None,
        integer_range: |_| None,
    };
}

/// How a map key given twice is reported (`overrides::unique`); the error is moved onto the
/// second key.
pub const DUPLICATE_KEY: &str = "overrides ";

/// The known name closest to `found`, if one is close enough to be a typo of it.
pub fn suggest<'a>(found: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = found.to_lowercase();
    let known: Vec<&'a str> = known.into_iter().collect();
    if lower.len() >= 3 {
        if let Some(k) = known.iter().find(|k| k.to_lowercase().starts_with(&lower)) {
            return Some(k);
        }
    }
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= (k.chars().count().max(found.chars().count()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// The bytes of a RON file, refused with a located error if missing, a folder or too large.
pub fn read_limited(path: &Path) -> Result<(String, Vec<u8>), ScenarioError> {
    let name = path.display().to_string();
    let at = |message: String| ScenarioError {
        file: name.clone(),
        line: 1,
        col: 1,
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| at(format!("cannot read file: {e}")))?;
    if meta.is_dir() {
        return Err(at("is a directory, not a file".into()));
    }
    if meta.len() as usize > MAX_FILE_BYTES {
        return Err(at(format!(
            "file is {} bytes; files are limited to {} bytes",
            meta.len(),
            MAX_FILE_BYTES
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| at(format!("cannot read file: {e}")))?;
    Ok((name, bytes))
}

/// The bytes as text, or an error at the first byte that is not UTF-8.
pub fn utf8_text<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ScenarioError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..valid]), valid);
        ScenarioError {
            file: file.into(),
            line,
            col,
            message: "not UTF-8 text; scenario and kinetics files are RON text".into(),
        }
    })
}

/// Deserialises RON, reporting a syntax or type error at its line and column, with `hints`
/// about the document's fields.
pub fn parse_ron<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    hints: &FieldHints,
) -> Result<T, ScenarioError> {
    crate::biology::kinetics::ron_options()
        .from_str(text)
        .map_err(|e| {
            let (at, message) = ron_problem(text, &e, hints);
            let (line, col) = line_col(text, at);
            ScenarioError {
                file: file.into(),
                line,
                col,
                message,
            }
        })
}

/// Where a RON error really is (the offending token, not the whitespace before it) and a
/// message that names the field, the token found and the names that were expected.
fn ron_problem(text: &str, e: &ron::error::SpannedError, hints: &FieldHints) -> (usize, String) {
    use ron::error::Error as E;
    let pos = |p: &ron::error::Position| offset_of(text, p.line.max(1), p.col.max(1));
    let (start, end) = (pos(&e.span.start), pos(&e.span.end));
    let code = e.code.to_string();
    let mut at = skip_trivia(text, start);
    let mut message = code.clone();
    let mut with_field = false;
    let mut with_found = false;
    match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            if let Some(s) = suggest(found, expected.iter().copied()) {
                message += &format!("; did you mean `{s}`?");
            } else if outer.is_some() && hints.outer_fields.contains(&found.as_str()) {
                message +=
                    &format!("; `{found}` belongs one level up: is a `)` missing before it?");
            }
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            if let Some(s) = suggest(found, expected.iter().copied()) {
                message += &format!("; did you mean `{s}`?");
            }
        }
        E::Message(m) if m.starts_with(DUPLICATE_KEY) && text[..at].ends_with('"') => {
            // The second key was just read: point at its opening quote.
            at -= 1;
        }
        E::InvalidEscape(_) => {
            if let Some(i) = text[..end].rfind('\\') {
                at = i;
                let esc: String = text[i..].chars().take(2).collect();
                message += &format!(" `{esc}` in a string; write `\\\\` for a backslash");
            }
        }
        E::ExpectedStringEnd => {
            at = start;
            with_field = true;
            message += ": the `\"` here is never closed";
        }
        E::UnclosedBlockComment => {
            if text[..start].ends_with("/*") {
                at = start - 2;
            }
            message += ": the `/*` here has no `*/`";
        }
        E::IntegerOutOfBounds | E::InvalidIntegerDigit { .. } => {
            at = number_start(text, at);
            with_field = true;
            with_found = true;
        }
        E::SuggestRawIdentifier(_) => {
            // `sex: 5`: ron suggests a raw identifier, which no scenario field wants.
            message = "Expected identifier".into();
            with_field = true;
            with_found = true;
        }
        E::ExpectedComma
            if text[..end].ends_with(|c: char| c.is_ascii_digit())
                && text[end..].starts_with('.') =>
        {
            // A number with a fraction where a whole number belongs: `days: 30.5`.
            at = number_start(text, end);
            message = "Expected integer (a whole number)".into();
            with_field = true;
            with_found = true;
        }
        E::Eof
        | E::TrailingCharacters
        | E::ExpectedArray
        | E::ExpectedArrayEnd
        | E::ExpectedBoolean
        | E::ExpectedComma
        | E::ExpectedChar
        | E::ExpectedFloat
        | E::ExpectedInteger
        | E::ExpectedOption
        | E::ExpectedOptionEnd
        | E::ExpectedStructLikeEnd
        | E::ExpectedMap
        | E::ExpectedMapColon
        | E::ExpectedMapEnd
        | E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedUnit
        | E::ExpectedString
        | E::ExpectedIdentifier => {
            at = skip_trivia(text, end.max(start));
            with_field = true;
            with_found = true;
        }
        _ => {}
    }
    if at >= text.len() && with_found {
        if let Some(open) = unclosed_bracket(text) {
            let c = &text[open..open + 1];
            return (
                open,
                format!("Unexpected end of file: this `{c}` is never closed"),
            );
        }
        return (at, format!("{message}, found the end of the file"));
    }
    if with_found {
        let found = token_at(text, at);
        if message == code
            && matches!(e.code, E::ExpectedComma)
            && let Some(open) = unclosed_bracket(&text[..at])
        {
            let close = match &text[open..open + 1] {
                "(" => ')',
                "[" => ']',
                _ => '}',
            };
            message = format!("Expected comma or `{close}`");
        }
        message = format!("{message}, found `{found}`");
        if message.starts_with("Expected identifier") {
            if text[..at].trim_end().ends_with(['(', ',']) {
                message = format!("Expected identifier (a field name), found `{found}`");
            }
            if found.starts_with('"') {
                message += "; names are written without quotes";
            }
            if let Some(names) = field_before(text, at).and_then(|f| (hints.variants)(&f)) {
                message += &format!("; known: {}", names.join(", "));
            }
        }
    }
    if with_field {
        if let Some(field) = field_before(text, at) {
            message = format!("{field}: {message}");
        }
        if let (E::IntegerOutOfBounds, Some(range)) = (
            &e.code,
            field_before(text, at)
                .as_deref()
                .and_then(hints.integer_range),
        ) {
            message += &format!("; valid range {range}");
        }
    }
    (at, message)
}

/// The byte offset of the first token at or after `at`: whitespace and comments skipped.
fn skip_trivia(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if trimmed.starts_with("/*") {
            let mut depth = 0usize;
            let mut i = 0;
            let b = trimmed.as_bytes();
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            at += i;
        } else {
            return at;
        }
    }
}

/// The start of the number whose digits run through `at` (sign included).
fn number_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let digits =
        before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    digits.strip_suffix(['-', '+']).unwrap_or(digits).len()
}

/// The token at `at`, as written (a string literal whole, up to 40 characters).
fn token_at(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let len = if let Some(s) = rest.strip_prefix('"') {
        s.find(['"', '\n']).map_or(rest.len(), |i| i + 2)
    } else {
        let word = rest
            .find(|c: char| !(c.is_alphanumeric() || "_.+-".contains(c)))
            .unwrap_or(rest.len());
        if word == 0 {
            rest.chars().next().map_or(0, char::len_utf8)
        } else {
            word
        }
    };
    let token = rest[..len].trim_end_matches('\n');
    if token.chars().count() > 40 {
        format!("{}…", token.chars().take(40).collect::<String>())
    } else {
        token.to_string()
    }
}

/// The field whose value starts at `at` (`days` in `days: 30`), or the override name in
/// `"name": 1.0`.
fn field_before(text: &str, at: usize) -> Option<String> {
    let before = text[..at].trim_end().strip_suffix(':')?.trim_end();
    if let Some(key) = before.strip_suffix('"') {
        let open = key.rfind('"')?;
        return Some(format!("overrides \"{}\"", &key[open + 1..]));
    }
    let name = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .filter(|n| !n.is_empty())?;
    Some(name.to_string())
}

/// The innermost `(`, `[` or `{` left open at the end of `text` (strings and comments
/// skipped).
fn unclosed_bracket(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1).is_some_and(|&n| n == b'/' || n == b'*') => {
                i = skip_trivia(text, i).max(i + 1) - 1;
            }
            b'(' | b'[' | b'{' => open.push(i),
            b')' | b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// Byte offset of a 1-based line and column.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return offset + l.char_indices().nth(col - 1).map_or(l.len(), |(i, _)| i);
        }
        offset += l.len();
    }
    text.len()
}

/// 1-based line and column of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Position of the first `field:` outside comments and strings.
pub fn find_field(text: &str, field: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("");
        let mut search = 0;
        while let Some(i) = code[search..].find(field) {
            let start = search + i;
            let rest = code[start + field.len()..].trim_start();
            let before_ok = code[..start]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric() && c != '_');
            if before_ok && rest.starts_with(':') && code[..start].matches('"').count() % 2 == 0 {
                return Some(line_col(text, offset + start));
            }
            search = start + field.len();
        }
        offset += line.len();
    }
    None
}

/// One step of a path into a RON document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A struct's field, or a map's string key.
    Field(&'a str),
    /// An element of a list or tuple.
    Index(usize),
}

/// The path a check names, e.g. `lineages[0] (erythroid).stages[2] (CFU-E).hours` or
/// `window.fat_by_age[1].0`, as steps (the labels in parentheses are for people).
pub fn parse_path(path: &str) -> Vec<Seg<'_>> {
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                parts.push(&path[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&path[from..]);
    let mut segs = Vec::new();
    for part in parts {
        let part = part.split(" (").next().unwrap_or(part).trim();
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if let Ok(i) = name.parse() {
            segs.push(Seg::Index(i));
        } else if !name.is_empty() {
            segs.push(Seg::Field(name));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            if let Ok(i) = inner[..close].parse() {
                segs.push(Seg::Index(i));
            }
            rest = &inner[close + 1..];
        }
    }
    segs
}

/// Byte offset in `text` of what `path` names: a field's name (or a map key's opening
/// quote), or an element's first character. When only part of the path is in the text (a
/// field left to its default), the deepest part found; `None` when not even the first step is.
pub fn locate(text: &str, path: &[Seg]) -> Option<usize> {
    let mut value = skip_trivia(text, 0);
    let mut found = None;
    for seg in path {
        let Some(open) = container_at(text, value) else {
            break;
        };
        let entries = entries(text, open);
        let hit = match *seg {
            Seg::Field(name) => entries
                .iter()
                .find_map(|e| e.key.filter(|k| k.1 == name).map(|k| (k.0, e.value))),
            Seg::Index(i) => entries.get(i).map(|e| (e.value, e.value)),
        };
        let Some((at, next)) = hit else {
            break;
        };
        found = Some(at);
        value = next;
    }
    found
}

/// 1-based line and column of what `path` names (see [`locate`]), or 1:1.
pub fn locate_line_col(text: &str, path: &[Seg]) -> (usize, usize) {
    locate(text, path).map_or((1, 1), |at| line_col(text, at))
}

/// One entry of a RON struct, map, list or tuple: its key (where it starts, and the name),
/// and where its value starts.
struct Entry<'t> {
    key: Option<(usize, &'t str)>,
    value: usize,
}

/// The bracket that opens the value at `at`: `(`, `[` or `{` itself, or the `(` after a
/// struct or enum name (`Shed(...)`); `Some(x)` is looked into for `x`'s.
fn container_at(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    match b.get(at)? {
        b'(' | b'[' | b'{' => Some(at),
        c if c.is_ascii_alphabetic() || *c == b'_' => {
            let end = ident_end(text, at);
            let after = skip_trivia(text, end);
            if b.get(after) != Some(&b'(') {
                return None;
            }
            if &text[at..end] == "Some" {
                let inner = skip_trivia(text, after + 1);
                if let Some(open) = container_at(text, inner) {
                    return Some(open);
                }
            }
            Some(after)
        }
        _ => None,
    }
}

fn ident_end(text: &str, at: usize) -> usize {
    text[at..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(text.len(), |i| at + i)
}

/// The end of the string literal starting at `at` (after its closing quote).
fn string_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at + 1;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(text.len())
}

/// The end of the bracketed group opening at `open` (after its closer); strings and comments
/// inside do not count.
fn group_end(text: &str, open: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i = string_end(text, i);
                continue;
            }
            b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => {
                i = skip_trivia(text, i).max(i + 1);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    text.len()
}

/// The end of the value starting at `at`.
fn value_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    match b.get(at) {
        None => at,
        Some(b'(' | b'[' | b'{') => group_end(text, at),
        Some(b'"') => string_end(text, at),
        Some(_) => {
            let token = text[at..]
                .find(|c: char| c.is_whitespace() || ",)]}(/".contains(c))
                .map_or(text.len(), |i| at + i.max(1));
            match container_at(text, at) {
                Some(open) if open >= token => group_end(text, open),
                _ => token,
            }
        }
    }
}

/// The entries of the container opening at `open`.
fn entries(text: &str, open: usize) -> Vec<Entry<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = open + 1;
    loop {
        i = skip_trivia(text, i);
        match b.get(i) {
            None | Some(b')' | b']' | b'}') => break,
            _ => {}
        }
        let start = i;
        let key_end = match b[i] {
            b'"' => Some(string_end(text, i)),
            c if c.is_ascii_alphabetic() || c == b'_' => Some(ident_end(text, i)),
            _ => None,
        };
        let mut entry = Entry {
            key: None,
            value: start,
        };
        if let Some(end) = key_end {
            let colon = skip_trivia(text, end);
            if b.get(colon) == Some(&b':') {
                let name = text[start..end].trim_matches('"');
                entry = Entry {
                    key: Some((start, name)),
                    value: skip_trivia(text, colon + 1),
                };
            }
        }
        let end = value_end(text, entry.value);
        out.push(entry);
        i = skip_trivia(text, end.max(start + 1));
        match b.get(i) {
            Some(b',') => i += 1,
            _ => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn field_search_skips_comments() {
        let t = "// days: 3\n(\n  days: 4)";
        assert_eq!(find_field(t, "days"), Some((3, 3)));
    }

    #[test]
    fn typos_get_the_closest_name() {
        assert_eq!(suggest("dayz", ["days", "seed", "title"]), Some("days"));
        assert_eq!(
            suggest("Chemoterapy", ["Chemotherapy", "Infection"]),
            Some("Chemotherapy")
        );
        assert_eq!(suggest("xyz", ["days", "seed"]), None);
    }

    #[test]
    fn a_check_path_reads_as_steps() {
        use Seg::*;
        assert_eq!(
            parse_path("lineages[0] (erythroid).stages[2] (CFU-E.x).hours"),
            [
                Field("lineages"),
                Index(0),
                Field("stages"),
                Index(2),
                Field("hours")
            ]
        );
        assert_eq!(
            parse_path("window.fat_by_age[1].0"),
            [Field("window"), Field("fat_by_age"), Index(1), Index(0)]
        );
        assert_eq!(
            parse_path("hsc.color.2"),
            [Field("hsc"), Field("color"), Index(2)]
        );
    }

    #[test]
    fn a_path_is_found_in_its_own_entry_past_comments_strings_and_look_alikes() {
        let t = "(\n  // hours: 1\n  a: (hours: \"hours: x\", b: [ (hours: 1), // (hours: 2)\n   Shed(per_cell: 3.0, hours: 4) ]),\n  m: { \"k.x\": 5, \"hours\": 6 },\n)";
        let at = |path: &[Seg]| locate(t, path).map(|o| line_col(t, o));
        use Seg::*;
        assert_eq!(at(&[Field("a"), Field("hours")]), Some((3, 7)));
        assert_eq!(
            at(&[Field("a"), Field("b"), Index(0), Field("hours")]),
            Some((3, 32))
        );
        assert_eq!(
            at(&[Field("a"), Field("b"), Index(1), Field("hours")]),
            Some((4, 24))
        );
        assert_eq!(at(&[Field("a"), Field("b"), Index(1)]), Some((4, 4)));
        assert_eq!(at(&[Field("m"), Field("hours")]), Some((5, 18)));
        assert_eq!(at(&[Field("m"), Field("k.x")]), Some((5, 8)));
        // A field left out is found as far as it goes.
        assert_eq!(
            at(&[Field("a"), Field("b"), Index(0), Field("death")]),
            Some((3, 31))
        );
        assert_eq!(at(&[Field("nothing")]), None);
        let some = "(c: Some((p: 1)))";
        assert_eq!(
            locate(some, &[Field("c"), Field("p")]),
            Some(10),
            "inside Some(...)"
        );
    }
}
