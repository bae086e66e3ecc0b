<?php
// Server parity, decided by real Laravel code under PHP.
//
// `php tests/parity/laravel.php` runs every vector of
// tests/vectors/validation.json through Laravel and compares Laravel's answer
// (the 422 `errors`, and `normalized` when valid) with the vector's. It prints
// each difference, ends with "laravel-parity: N vectors checked, N differ" and
// exits non-zero on any difference. generate.php requires this file for
// `laravel_answer()`.
//
// What runs, in the order of a request to the Talkover server:
//
// 1. The body is read as Laravel's `Request::json()` reads it:
//    `json_decode($content, true)`, so JSON objects become PHP arrays.
// 2. The global middleware of a current Laravel application (11.x, 12.x),
//    written here because Debian's Laravel (8.83) has older versions of them:
//    - `TrimStrings`, whose `transform()` calls `Illuminate\Support\Str::trim`.
//      Laravel 11.x and 12.x `Str::trim($value)` (no $charlist) is, verbatim:
//        preg_replace('~^[\s\x{FEFF}\x{200B}\x{200E}]+|[\s\x{FEFF}\x{200B}\x{200E}]+$~u', '', $value) ?? trim($value)
//      Laravel 8's TrimStrings used PHP's trim() (ASCII only) instead. What
//      `\s` matches under the `u` flag is decided below by this PHP's PCRE2,
//      not by us.
//    - `ConvertEmptyStringsToNull`: `$value === '' ? null : $value`.
//    Both recurse into arrays the way `TransformsRequest::cleanArray` does.
// 3. Debian's real `Illuminate\Validation\Factory` (php-laravel-framework
//    8.83.26) with the endpoint's rules (see core/src/validate.rs), and the
//    English lines of current Laravel (lang/en/validation.php of 11.x/12.x)
//    given to its Translator through an ArrayLoader, so that Laravel itself
//    formats the messages.

declare(strict_types=1);

use Illuminate\Translation\ArrayLoader;
use Illuminate\Translation\Translator;
use Illuminate\Validation\Factory;

const LARAVEL_VECTORS = __DIR__ . '/../vectors/validation.json';

/** The endpoint's rules, in the order of the `errors` object. */
const LARAVEL_RULES = [
    'node_id' => 'nullable|string',
    'subject' => 'required|string|max:255',
    'instructions' => 'required|string',
    'current_status' => 'nullable|in:active,inactive',
];

/** Current Laravel's English lines for the rules above. */
const LARAVEL_LINES = [
    'required' => 'The :attribute field is required.',
    'string' => 'The :attribute field must be a string.',
    'max' => [
        'array' => 'The :attribute field must not have more than :max items.',
        'file' => 'The :attribute field must not be greater than :max kilobytes.',
        'numeric' => 'The :attribute field must not be greater than :max.',
        'string' => 'The :attribute field must not be greater than :max characters.',
    ],
    'in' => 'The selected :attribute is invalid.',
];

function laravel_fail(string $why): never
{
    fwrite(STDERR, "laravel-parity: ERROR: $why\n");
    exit(2);
}

function laravel_load(): void
{
    if (!extension_loaded('mbstring')) {
        laravel_fail('PHP has no mbstring (apt-get install php-mbstring)');
    }
    $autoload = 'Illuminate/Validation/autoload.php';
    if (stream_resolve_include_path($autoload) === false) {
        laravel_fail("$autoload is not on PHP's include path (apt-get install php-laravel-framework)");
    }
    require_once $autoload;
}

/** Debian's Laravel version (Illuminate\Foundation\Application::VERSION). */
function laravel_validator_version(): string
{
    $app = stream_resolve_include_path('Illuminate/Foundation/Application.php');
    if ($app !== false && preg_match("/const VERSION = '([^']+)'/", (string) file_get_contents($app), $m)) {
        return $m[1];
    }
    return 'unknown';
}

/** Laravel 11.x/12.x `Illuminate\Support\Str::trim($value)`, verbatim. */
function laravel_str_trim(string $value): string
{
    return preg_replace('~^[\s\x{FEFF}\x{200B}\x{200E}]+|[\s\x{FEFF}\x{200B}\x{200E}]+$~u', '', $value) ?? trim($value);
}

/**
 * `TransformsRequest::cleanArray` with current `TrimStrings::transform`
 * (its `$neverTrim` keys are left alone) then `ConvertEmptyStringsToNull`.
 */
function laravel_middleware(array $data, string $prefix = ''): array
{
    $neverTrim = ['current_password', 'password', 'password_confirmation'];
    foreach ($data as $key => $value) {
        $data[$key] = is_array($value)
            ? laravel_middleware($value, $prefix . $key . '.')
            : (is_string($value) && !in_array($prefix . $key, $neverTrim, true) ? laravel_str_trim($value) : $value);
    }
    foreach ($data as $key => $value) {
        if ($value === '') {
            $data[$key] = null;
        }
    }
    return $data;
}

function laravel_factory(): Factory
{
    static $factory = null;
    if ($factory === null) {
        $loader = new ArrayLoader();
        $loader->addMessages('en', 'validation', LARAVEL_LINES);
        $factory = new Factory(new Translator($loader, 'en'));
    }
    return $factory;
}

/**
 * Laravel's answer to a JSON request body: ['errors' => field => messages]
 * and, when valid, 'normalized' (what the server stores; status defaults to
 * active).
 */
function laravel_answer(string $body): array
{
    $input = json_decode($body, true);
    $input = laravel_middleware(is_array($input) ? $input : []);
    $validator = laravel_factory()->make($input, LARAVEL_RULES);
    if ($validator->fails()) {
        return ['errors' => $validator->errors()->toArray()];
    }
    $data = $validator->validated();
    return [
        'errors' => [],
        'normalized' => [
            'node_id' => $data['node_id'] ?? null,
            'subject' => $data['subject'],
            'instructions' => $data['instructions'],
            'current_status' => $data['current_status'] ?? 'active',
        ],
    ];
}

/** The vectors file, objects kept as objects (so `{}` stays `{}`). */
function laravel_read_vectors(): object
{
    $doc = json_decode((string) file_get_contents(LARAVEL_VECTORS), false, 512, JSON_THROW_ON_ERROR);
    if (!isset($doc->vectors) || !is_array($doc->vectors)) {
        laravel_fail(LARAVEL_VECTORS . ' has no "vectors" array');
    }
    return $doc;
}

/** A value as plain PHP arrays, for comparison. */
function laravel_plain(mixed $v): mixed
{
    return json_decode(json_encode($v, JSON_THROW_ON_ERROR), true);
}

/** Escapes what cannot be seen, so that a vector's input reads unambiguously. */
function laravel_show(mixed $v): string
{
    return json_encode($v, JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);
}

function laravel_check(): int
{
    laravel_load();
    $doc = laravel_read_vectors();
    $checked = 0;
    $differ = 0;
    foreach ($doc->vectors as $i => $vector) {
        $name = $vector->name ?? "#$i";
        $got = laravel_answer(json_encode($vector->input, JSON_THROW_ON_ERROR | JSON_PRESERVE_ZERO_FRACTION));
        $diffs = [];
        $expected = laravel_plain($vector->errors ?? null);
        if ($expected !== $got['errors']) {
            $diffs[] = 'errors: vector ' . laravel_show($expected) . ', Laravel ' . laravel_show($got['errors']);
        }
        if (isset($got['normalized']) && $got['errors'] === $expected) {
            $normalized = laravel_plain($vector->normalized ?? null);
            if ($normalized !== $got['normalized']) {
                $diffs[] = 'normalized: vector ' . laravel_show($normalized) . ', Laravel ' . laravel_show($got['normalized']);
            }
        }
        $checked++;
        if ($diffs) {
            $differ++;
            echo "DIFF $name: input " . laravel_show($vector->input) . "\n";
            foreach ($diffs as $d) {
                echo "  $d\n";
            }
        }
    }
    printf(
        "Laravel validator %s (Debian php-laravel-framework), Str::trim of Laravel 11.x/12.x, PHP %s, PCRE2 %s\n",
        laravel_validator_version(),
        PHP_VERSION,
        PCRE_VERSION
    );
    echo "laravel-parity: $checked vectors checked, $differ differ\n";
    if ($checked === 0) {
        laravel_fail('no vectors checked');
    }
    return $differ === 0 ? 0 : 1;
}

if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    exit(laravel_check());
}
