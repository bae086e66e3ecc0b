//! JSON without serde: a strict reader into a small tree, and a writer.
//!
//! The reader accepts exactly the documents `serde_json` 1.x (its default
//! features) accepts, and `tests/json_differential.rs` checks that on random
//! and hand-picked input: RFC 8259 grammar (no BOM, no trailing commas, no
//! leading zeros, whitespace only `' '`, `\t`, `\n`, `\r`), valid UTF-8,
//! no control character in a string, `\u` escapes whose surrogates pair up,
//! at most 127 nested arrays/objects (serde_json's recursion limit), and no
//! number beyond the range of `f64` (decided as serde_json decides it, see
//! [`out_of_range`]). It is what `JSON.parse` accepts, except that
//! `JSON.parse` also takes lone surrogates, deeper nesting and overflowing
//! numbers (as `Infinity`).
//!
//! Nothing the form reads is a number, so a number's value is checked but
//! not kept. An object keeps its members in the order received; a repeated
//! key keeps its first place and its last value (as `JSON.parse` does, and
//! serde_json with `preserve_order`).

/// A parsed JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number (valid, in range; its value is not kept).
    Number,
    String(String),
    Array(Vec<Json>),
    /// Members in the order received, each key once.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses a whole document; `None` for anything serde_json refuses.
    pub fn parse(bytes: &[u8]) -> Option<Json> {
        let mut p = Parser {
            b: bytes,
            i: 0,
            depth: 128,
        };
        let v = p.value()?;
        p.ws();
        (p.i == bytes.len()).then_some(v)
    }

    /// The member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(m) => Some(m),
            _ => None,
        }
    }

    /// A struct's field where serde's derived `Deserialize` finds it: by
    /// name in an object, or by position in an array of at most `fields`
    /// elements (serde reads a struct from either). `None` when the value
    /// cannot be such a struct; `Some(None)` when the field is absent.
    pub fn field(&self, name: &str, position: usize, fields: usize) -> Option<Option<&Json>> {
        match self {
            Json::Object(_) => Some(self.get(name)),
            Json::Array(a) if a.len() <= fields => Some(a.get(position)),
            _ => None,
        }
    }
}

/// A required string field (see [`Json::field`]).
pub fn string(field: Option<&Json>) -> Option<String> {
    field?.as_str().map(str::to_string)
}

/// A string field with a default: absent gives `""`, anything but a string
/// fails (`null` too, as serde fails it).
pub fn string_or_default(field: Option<&Json>) -> Option<String> {
    field.map_or(Some(String::new()), |v| v.as_str().map(str::to_string))
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    /// Levels of nesting still allowed (serde_json's recursion limit).
    depth: u8,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn eat(&mut self, c: u8) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.i += 1;
        }
        found
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn literal(&mut self, rest: &[u8]) -> Option<()> {
        let end = self.i + rest.len();
        (self.b.get(self.i..end)? == rest).then(|| self.i = end)
    }

    fn value(&mut self) -> Option<Json> {
        self.ws();
        Some(match self.next()? {
            b'n' => self.literal(b"ull").map(|_| Json::Null)?,
            b't' => self.literal(b"rue").map(|_| Json::Bool(true))?,
            b'f' => self.literal(b"alse").map(|_| Json::Bool(false))?,
            b'"' => Json::String(self.string()?),
            b'[' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return None;
                }
                let mut items = Vec::new();
                self.ws();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value()?);
                        self.ws();
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                self.depth += 1;
                Json::Array(items)
            }
            b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return None;
                }
                let mut members = Vec::new();
                self.ws();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        if !self.eat(b'"') {
                            return None;
                        }
                        let key = self.string()?;
                        self.ws();
                        if !self.eat(b':') {
                            return None;
                        }
                        members.push((key, self.value()?));
                        self.ws();
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                self.depth += 1;
                Json::Object(dedup(members))
            }
            c @ (b'-' | b'0'..=b'9') => {
                self.number(c)?;
                Json::Number
            }
            _ => return None,
        })
    }

    /// The rest of a string whose opening quote has been read.
    fn string(&mut self) -> Option<String> {
        let mut out = Vec::new();
        loop {
            match self.next()? {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let c = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut n = self.hex4()?;
                            if (0xD800..0xDC00).contains(&n) {
                                // A leading surrogate needs its trailing one.
                                if self.next()? != b'\\' || self.next()? != b'u' {
                                    return None;
                                }
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                n = 0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00);
                            }
                            // A lone trailing surrogate is no char: refused.
                            char::from_u32(n)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1F => return None,
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + char::from(self.next()?).to_digit(16)?;
        }
        Some(n)
    }

    /// A number whose first byte (`-` or a digit) has been read. Its value
    /// is reduced as serde_json reduces it (a `u64` significand whose
    /// overflowing digits are dropped, and a decimal exponent), only to
    /// refuse what serde_json refuses as out of range.
    fn number(&mut self, first: u8) -> Option<()> {
        let first = if first == b'-' { self.next()? } else { first };
        let mut significand: u64 = 0;
        let mut exponent: i32 = 0;
        // Appends a digit, or drops it once the significand is full (for
        // the rest of that run of digits). Returns whether it was kept.
        let digit = |significand: &mut u64, full: &mut bool, d: u8| {
            if !*full {
                match significand
                    .checked_mul(10)
                    .and_then(|s| s.checked_add(u64::from(d - b'0')))
                {
                    Some(s) => *significand = s,
                    None => *full = true,
                }
            }
            !*full
        };
        let mut full = false;
        match first {
            b'0' => {
                if let Some(b'0'..=b'9') = self.peek() {
                    return None;
                }
            }
            b'1'..=b'9' => {
                digit(&mut significand, &mut full, first);
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.i += 1;
                    if !digit(&mut significand, &mut full, d) {
                        exponent += 1;
                    }
                }
            }
            _ => return None,
        }
        if self.eat(b'.') {
            let mut full = false;
            let start = self.i;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                self.i += 1;
                if digit(&mut significand, &mut full, d) {
                    exponent -= 1;
                }
            }
            if self.i == start {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            let negative = match self.peek() {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            let mut e: i32 = match self.next()? {
                d @ b'0'..=b'9' => i32::from(d - b'0'),
                _ => return None,
            };
            while let Some(d @ b'0'..=b'9') = self.peek() {
                self.i += 1;
                match e
                    .checked_mul(10)
                    .and_then(|e| e.checked_add(i32::from(d - b'0')))
                {
                    Some(v) => e = v,
                    None => {
                        // serde_json: an exponent beyond i32 is infinity
                        // (refused) or zero.
                        if significand != 0 && !negative {
                            return None;
                        }
                        while let Some(b'0'..=b'9') = self.peek() {
                            self.i += 1;
                        }
                        return Some(());
                    }
                }
            }
            exponent = if negative {
                exponent.saturating_sub(e)
            } else {
                exponent.saturating_add(e)
            };
        }
        (!out_of_range(significand, exponent)).then_some(())
    }
}

/// Whether `significand × 10^exponent` is beyond `f64`, computed as
/// serde_json (without `float_roundtrip`) computes it: the significand as
/// an `f64` times the `f64` nearest `10^exponent`, infinite or not. A
/// negative exponent never overflows, and a `u64` times at most `1e288` is
/// below `f64::MAX`, so only the twenty powers above matter.
fn out_of_range(significand: u64, exponent: i32) -> bool {
    const POW10: [f64; 20] = [
        1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301,
        1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
    ];
    significand != 0
        && match exponent {
            ..289 => false,
            289..=308 => (significand as f64 * POW10[(exponent - 289) as usize]).is_infinite(),
            _ => true,
        }
}

/// Each key once: a repeated key keeps its first place and takes the last
/// value. Sorting indexes keeps this O(n log n) for a hostile object with
/// many keys.
fn dedup(mut members: Vec<(String, Json)>) -> Vec<(String, Json)> {
    if members.len() < 2 {
        return members;
    }
    let mut order: Vec<usize> = (0..members.len()).collect();
    // Stable: equal keys stay in the order received.
    order.sort_by(|&a, &b| members[a].0.cmp(&members[b].0));
    let mut drop = vec![false; members.len()];
    let mut run = 0;
    for k in 1..=order.len() {
        if k < order.len() && members[order[k]].0 == members[order[run]].0 {
            drop[order[k]] = true;
            continue;
        }
        // order[run..k] share a key: the first place takes the last value.
        let (first, last) = (order[run], order[k - 1]);
        if first != last {
            let value = std::mem::replace(&mut members[last].1, Json::Null);
            members[first].1 = value;
        }
        run = k;
    }
    let mut i = 0;
    members.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    members
}

/// Appends `s` as a JSON string, escaped exactly as serde_json escapes it.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\0'..='\u{1f}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[c as usize >> 4]));
                out.push(char::from(HEX[c as usize & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object written member by member, in the order given.
#[derive(Debug, Default)]
pub struct Object(String);

impl Object {
    pub fn new() -> Object {
        Object::default()
    }

    fn key(&mut self, key: &str) {
        self.0.push(if self.0.is_empty() { '{' } else { ',' });
        write_str(&mut self.0, key);
        self.0.push(':');
    }

    /// A string member.
    pub fn str(mut self, key: &str, value: &str) -> Object {
        self.key(key);
        write_str(&mut self.0, value);
        self
    }

    /// A string member, left out when `None`.
    pub fn opt_str(self, key: &str, value: Option<&str>) -> Object {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    /// A member whose value is already JSON text.
    pub fn raw(mut self, key: &str, json: &str) -> Object {
        self.key(key);
        self.0.push_str(json);
        self
    }

    pub fn end(mut self) -> String {
        if self.0.is_empty() {
            self.0.push('{');
        }
        self.0.push('}');
        self.0
    }
}

/// A JSON array of strings.
pub fn str_array<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("[");
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(&mut out, s);
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: &[(&str, Json)]) -> Json {
        Json::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn reads_documents() {
        assert_eq!(
            Json::parse(br#" {"a": [1, -2.5e3, true, null, "x\u00e9\ud83d\ude00"]} "#),
            Some(obj(&[(
                "a",
                Json::Array(vec![
                    Json::Number,
                    Json::Number,
                    Json::Bool(true),
                    Json::Null,
                    Json::String("xé😀".into())
                ])
            )]))
        );
        for bad in [
            &b""[..],
            b" ",
            b"[1,]",
            b"{\"a\":1,}",
            b"01",
            b"1.",
            b".5",
            b"+1",
            b"-",
            b"1e",
            b"1e+",
            b"\xEF\xBB\xBF{}",
            b"{} x",
            b"\"\\ud800\"",
            b"\"\\udc00\"",
            b"\"\\ud800\\u0041\"",
            b"\"\x01\"",
            b"\"\xff\"",
            b"\"\\x\"",
            b"1e309",
            b"-1e400",
            b"nul",
            b"{'a':1}",
        ] {
            assert_eq!(Json::parse(bad), None, "{}", String::from_utf8_lossy(bad));
        }
        assert!(Json::parse(b"1e-400").is_some());
        assert!(Json::parse(b"0e99999999999").is_some());
        assert!(Json::parse(b"1.7976931348623157e308").is_some());
    }

    #[test]
    fn nesting_is_limited_as_serde_json_limits_it() {
        let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(Json::parse(ok.as_bytes()).is_some());
        let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert_eq!(Json::parse(deep.as_bytes()), None);
    }

    #[test]
    fn a_repeated_key_keeps_its_place_and_its_last_value() {
        let v = Json::parse(br#"{"b":1,"a":"first","c":null,"a":"last","b":true}"#).unwrap();
        assert_eq!(
            v,
            obj(&[
                ("b", Json::Bool(true)),
                ("a", Json::String("last".into())),
                ("c", Json::Null)
            ])
        );
    }

    #[test]
    fn writes_as_serde_json_writes() {
        let mut s = String::new();
        write_str(&mut s, "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}/é😀");
        assert_eq!(s, "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\u{7f}/é😀\"");
        assert_eq!(Object::new().end(), "{}");
        assert_eq!(
            Object::new()
                .str("a", "x")
                .opt_str("b", None)
                .raw("c", &str_array(["y", "z"]))
                .end(),
            r#"{"a":"x","c":["y","z"]}"#
        );
    }
}
