<?php
// Replays how Laravel 11 turns .env into a sent message, over Debian's phpdotenv 5.4 and
// Symfony Mailer 5.4 (Laravel itself is not packaged for Debian 12). Each step names the
// Laravel code it mirrors. Run from the snippet's directory.
// argv[1]: the rendered .env; argv[2]: the Mailable excerpt. SNIPPET_TO, SNIPPET_SUBJECT and
// SNIPPET_BODY stand for the Mailable's envelope and content, which the snippet leaves to the app.
require '/usr/share/php/Dotenv/autoload.php';
require '/usr/share/php/Symfony/Component/Mailer/autoload.php';

use Dotenv\Dotenv;
use Dotenv\Repository\RepositoryBuilder;
use Symfony\Component\Mailer\Transport\Dsn;
use Symfony\Component\Mailer\Transport\Smtp\EsmtpTransportFactory;
use Symfony\Component\Mime\Address;
use Symfony\Component\Mime\Email;

[, $envFile, $excerptFile] = $argv;

// Illuminate\Support\Env::getRepository() and LoadEnvironmentVariables: an immutable
// repository over the real environment, so ${NAME} resolves from it and real variables win.
$repository = RepositoryBuilder::createWithDefaultAdapters()->immutable()->make();
Dotenv::create($repository, getcwd(), $envFile)->load();

/** Illuminate\Support\Env::get(): the same keyword and quote handling. */
function env(string $key, $default = null)
{
    global $repository;
    $value = $repository->get($key);
    if ($value === null) {
        return $default;
    }
    switch (strtolower($value)) {
        case 'true': case '(true)': return true;
        case 'false': case '(false)': return false;
        case 'empty': case '(empty)': return '';
        case 'null': case '(null)': return null;
    }
    return preg_match('/\A([\'"])(.*)\1\z/', $value, $m) ? $m[2] : $value;
}

// config/mail.php of Laravel 11.36+: the smtp mailer and the global from.
$config = [
    'transport' => 'smtp',
    'scheme' => env('MAIL_SCHEME'),
    'url' => env('MAIL_URL'),
    'host' => env('MAIL_HOST', '127.0.0.1'),
    'port' => env('MAIL_PORT', 2525),
    'username' => env('MAIL_USERNAME'),
    'password' => env('MAIL_PASSWORD'),
    'timeout' => null,
    'local_domain' => env('MAIL_EHLO_DOMAIN', parse_url(env('APP_URL', 'http://localhost'), PHP_URL_HOST)),
];
$from = ['address' => env('MAIL_FROM_ADDRESS', 'hello@example.com'), 'name' => env('MAIL_FROM_NAME', 'Example')];
if (env('MAIL_MAILER') !== 'smtp' || isset($config['url'])) {
    throw new RuntimeException('this replay covers MAIL_MAILER=smtp without MAIL_URL only');
}

// MailManager::createSmtpTransport() (11.35+): the scheme, else smtps on 465 and smtp otherwise.
$scheme = $config['scheme'] ?? null;
if (!$scheme) {
    $scheme = ($config['port'] == 465) ? 'smtps' : 'smtp';
}
// Symfony Mailer 7.2+ (what composer picks for Laravel 11 today) throws on any other scheme; 5.4 does not check.
if (!in_array($scheme, ['smtp', 'smtps'], true)) {
    throw new RuntimeException("The \"$scheme\" scheme is not supported; supported: \"smtp\", \"smtps\".");
}
$transport = (new EsmtpTransportFactory())->create(new Dsn(
    $scheme,
    $config['host'],
    $config['username'] ?? null,
    $config['password'] ?? null,
    $config['port'] ?? null,
    $config
));

// The Mailable excerpt, placed in a class; a stand-in for Laravel 11's Headers value object.
eval('namespace Illuminate\Mail\Mailables; class Headers {
    public function __construct(public ?string $messageId = null, public array $references = [], public array $text = []) {}
}');
$excerpt = file_get_contents($excerptFile);
preg_match_all('/^use [^;]+;$/m', $excerpt, $imports);
eval(implode("\n", $imports[0]) . "\nclass Welcome {\n" . preg_replace('/^use [^;]+;$/m', '', $excerpt) . "\n}");
$headers = (new Welcome())->headers();

// Mailable::send() with the global from; ensureHeadersAreHydrated() adds each text header.
$email = (new Email())
    ->from(new Address($from['address'], $from['name'] ?? ''))
    ->to(getenv('SNIPPET_TO'))
    ->subject(getenv('SNIPPET_SUBJECT'))
    ->text(getenv('SNIPPET_BODY'));
foreach ($headers->text as $name => $value) {
    $email->getHeaders()->addTextHeader($name, $value);
}
$transport->send($email);
