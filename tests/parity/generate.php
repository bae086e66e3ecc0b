<?php
// Regenerates the generated vectors of tests/vectors/validation.json:
//
//   php tests/parity/generate.php
//
// The hand-written vectors (those without "generated": true) are kept as they
// are, first; the generated ones below replace the previous generated ones.
// Real Laravel (laravel.php: current TrimStrings and ConvertEmptyStringsToNull,
// Debian's Validator) decides each expected answer; nothing here says what the
// answer should be.

declare(strict_types=1);

require __DIR__ . '/laravel.php';

/** A string of one code point. */
function cp(int $code): string
{
    return mb_chr($code, 'UTF-8');
}

function hex(int $code): string
{
    return sprintf('U+%04X', $code);
}

/**
 * Every code point that one of the three implementations (Laravel's
 * Str::trim under PCRE2, Rust's char::is_whitespace, PHP's trim()) might
 * trim, and the format and control characters next to them.
 */
function trim_candidates(): array
{
    $ranges = [
        [0x0000, 0x0000], // NUL: PHP's trim() (Laravel 8, and `required`)
        [0x0009, 0x000D], // tab, LF, VT, FF, CR
        [0x001C, 0x001F], // information separators (Python's isspace)
        [0x0020, 0x0020],
        [0x0085, 0x0085], // NEL
        [0x00A0, 0x00A0],
        [0x00AD, 0x00AD], // soft hyphen (Cf)
        [0x061C, 0x061C], // Arabic letter mark (Cf)
        [0x1680, 0x1680],
        [0x180B, 0x180E], // Mongolian variation selectors, vowel separator
        [0x2000, 0x200A], // en quad ... hair space
        [0x200B, 0x200F], // ZWSP, ZWNJ, ZWJ, LRM, RLM
        [0x2028, 0x202F], // line/paragraph separators, bidi embeddings, NNBSP
        [0x205F, 0x2064], // MMSP, word joiner, invisible operators
        [0x2066, 0x206F], // bidi isolates, deprecated format characters
        [0x2800, 0x2800], // braille blank
        [0x3000, 0x3000],
        [0x3164, 0x3164], // Hangul filler
        [0xFEFF, 0xFEFF], // BOM / ZWNBSP
        [0xFFA0, 0xFFA0], // halfwidth Hangul filler
    ];
    $codes = [];
    foreach ($ranges as [$from, $to]) {
        for ($c = $from; $c <= $to; $c++) {
            $codes[] = $c;
        }
    }
    return $codes;
}

/** `$unit` repeated, then padded with "a", to exactly `$n` code points. */
function code_points(string $unit, int $n): string
{
    $len = mb_strlen($unit, 'UTF-8');
    $s = str_repeat($unit, intdiv($n, $len));
    return $s . str_repeat('a', $n - mb_strlen($s, 'UTF-8'));
}

function generated_inputs(): array
{
    $v = [];
    $ok = ['subject' => 'Subject', 'instructions' => 'Instructions'];

    // Each candidate at the start, at the end, and alone, in a subject.
    foreach (trim_candidates() as $code) {
        $c = cp($code);
        $v[hex($code) . ' at the start of the subject'] = ['subject' => $c . 'Subject', 'instructions' => 'x'];
        $v[hex($code) . ' at the end of the subject'] = ['subject' => 'Subject' . $c, 'instructions' => 'x'];
        $v[hex($code) . ' alone as the subject'] = ['subject' => $c, 'instructions' => 'x'];
    }

    // 254/255/256 code points of multi-byte characters, combining marks and
    // emoji sequences (mb_strlen counts code points, not graphemes or bytes).
    $units = [
        'two-byte é (U+00E9)' => "\u{E9}",
        'three-byte € (U+20AC)' => "\u{20AC}",
        'four-byte 𝄞 (U+1D11E)' => "\u{1D11E}",
        'e + combining acute (U+0301)' => "e\u{301}",
        'stacked combining marks' => "a\u{301}\u{323}\u{308}",
        'ZWJ family emoji (7 code points)' => "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}",
        'flag emoji (regional indicators)' => "\u{1F1EB}\u{1F1F7}",
        'thumbs up with skin tone' => "\u{1F44D}\u{1F3FD}",
        'keycap emoji sequence' => "1\u{FE0F}\u{20E3}",
        'Hangul jamo' => "\u{1100}\u{1161}\u{11A8}",
    ];
    foreach ($units as $what => $unit) {
        foreach ([254, 255, 256] as $n) {
            $v["$n code points of $what"] = ['subject' => code_points($unit, $n), 'instructions' => 'x'];
        }
    }
    $emoji255 = str_repeat("\u{1F600}", 255);
    $v['255 emoji then U+180E'] = ['subject' => $emoji255 . "\u{180E}", 'instructions' => 'x'];
    $v['U+200E then 255 emoji'] = ['subject' => "\u{200E}" . $emoji255, 'instructions' => 'x'];
    $v['255 emoji then U+0085'] = ['subject' => $emoji255 . "\u{85}", 'instructions' => 'x'];
    $v['255 emoji then U+200C'] = ['subject' => $emoji255 . "\u{200C}", 'instructions' => 'x'];
    $v['255 emoji then U+200D'] = ['subject' => $emoji255 . "\u{200D}", 'instructions' => 'x'];
    $v['255 emoji then NUL'] = ['subject' => $emoji255 . "\0", 'instructions' => 'x'];
    $v['255 emoji with U+3000 inside'] = ['subject' => str_repeat("\u{1F600}", 127) . "\u{3000}" . str_repeat("\u{1F600}", 127), 'instructions' => 'x'];

    // Empty and whitespace-only in each field.
    $blanks = [
        'empty' => '',
        'a space' => ' ',
        'ASCII white space' => " \t\n\x0B\x0C\r",
        'U+00A0 and U+3000' => "\u{A0}\u{3000}",
        'U+0085, U+2028, U+2029' => "\u{85}\u{2028}\u{2029}",
        'U+200B, U+FEFF, U+200E' => "\u{200B}\u{FEFF}\u{200E}",
        'U+180E' => "\u{180E}",
        'U+200C and U+200D' => "\u{200C}\u{200D}",
        'NUL' => "\0",
        'NUL between spaces' => " \0 ",
    ];
    $fields = ['node_id', 'subject', 'instructions', 'current_status'];
    foreach ($fields as $field) {
        foreach ($blanks as $what => $blank) {
            if ($field === 'current_status' && str_contains($blank, "\0")) {
                // Laravel's validator skips `in` for a string that PHP's trim()
                // empties, so "\0" passes validation; what the server then
                // stores is not the validator's answer. Not a vector.
                continue;
            }
            $v["$what as $field"] = array_merge($ok, [$field => $blank]);
        }
    }

    return $v;
}

/** Inputs a form cannot send: other JSON types, in each field. */
function server_only_inputs(): array
{
    $v = [];
    $ok = ['subject' => 'Subject', 'instructions' => 'Instructions'];
    $types = [
        'zero' => 0,
        'an integer' => 5,
        'a large integer' => PHP_INT_MAX,
        'a float' => 1.5,
        'true' => true,
        'false' => false,
        'null' => null,
        'an empty array' => [],
        'an array of a string' => ['a'],
        'an array of a blank string' => ['  '],
        'an array of 255 numbers' => range(1, 255),
        'an array of 256 numbers' => range(1, 256),
        'an empty object' => new stdClass(),
        'an object' => (object) ['a' => 'b'],
        'an object of a blank string' => (object) ['a' => ''],
    ];
    foreach (['node_id', 'subject', 'instructions', 'current_status'] as $field) {
        foreach ($types as $what => $value) {
            $v["$field is $what"] = array_merge($ok, [$field => $value]);
        }
    }
    $v['body is a JSON array'] = ['a', 'b'];
    $v['body is a JSON string'] = 'subject';
    return $v;
}

/** JSON as the file is written: one-space indent, invisible characters escaped. */
function encode_vectors(object $doc): string
{
    $json = json_encode(
        $doc,
        JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR
    );
    $json = preg_replace_callback(
        '/[\x{80}-\x{A0}\x{AD}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\x{180B}-\x{180D}\x{2800}\x{3164}\x{FFA0}]/u',
        fn ($m) => $m[0] === ' ' ? ' ' : sprintf('\\u%04x', mb_ord($m[0], 'UTF-8')),
        $json
    );
    return preg_replace_callback('/^(?: {4})+/m', fn ($m) => str_repeat(' ', intdiv(strlen($m[0]), 4)), $json) . "\n";
}

function generate(): void
{
    laravel_load();
    $doc = laravel_read_vectors();
    $kept = array_values(array_filter($doc->vectors, fn ($v) => empty($v->generated)));
    $names = array_flip(array_map(fn ($v) => $v->name, $kept));
    $added = [];
    $sets = [[generated_inputs(), false], [server_only_inputs(), true]];
    foreach ($sets as [$inputs, $serverOnly]) {
        foreach ($inputs as $name => $input) {
            if (isset($names[$name])) {
                laravel_fail("two vectors named \"$name\"");
            }
            $names[$name] = true;
            $answer = laravel_answer(json_encode($input, JSON_THROW_ON_ERROR | JSON_PRESERVE_ZERO_FRACTION));
            $vector = (object) [
                'name' => $name,
                'input' => is_array($input) && $input === [] ? new stdClass() : $input,
                'errors' => (object) $answer['errors'],
            ];
            if (isset($answer['normalized'])) {
                $vector->normalized = (object) $answer['normalized'];
            }
            if ($serverOnly) {
                $vector->server_only = true;
            }
            $vector->generated = true;
            $added[] = $vector;
        }
    }
    $doc->about = 'Validation vectors shared by the form (talkover-core) and the local API, '
        . 'checked against real Laravel by tests/parity/laravel.php. input: the JSON body; '
        . 'errors: the 422 `errors` object ({} when valid); normalized: what the server stores '
        . 'when valid (node_id null when absent). server_only: input a form cannot produce '
        . '(non-string JSON types). generated: written by tests/parity/generate.php from '
        . "Laravel's answer (rerun it rather than editing those by hand).";
    $doc->vectors = array_merge($kept, $added);
    file_put_contents(LARAVEL_VECTORS, encode_vectors($doc));
    printf("generate: %d hand-written vectors kept, %d generated\n", count($kept), count($added));
}

generate();
