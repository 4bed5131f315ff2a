<?php
// Stands in for a WordPress request with Debian's WordPress 6.1: its hook API, its real
// wp_mail() and its bundled PHPMailer, then the rendered files. Run from the snippet's
// directory. argv[1...]: the rendered files in the order WordPress would run them: the
// wp-config.php line (when there is one), the mu-plugin, then the wp_mail() call.
define('ABSPATH', '/usr/share/wordpress/');
define('WPINC', 'wp-includes');
require ABSPATH . WPINC . '/plugin.php';         // add_action(), apply_filters(), do_action_ref_array()
require ABSPATH . WPINC . '/class-wp-error.php'; // what wp_mail() reports failures with
require ABSPATH . WPINC . '/formatting.php';     // is_email(), PHPMailer's address validator in wp_mail()
require ABSPATH . WPINC . '/http.php';           // wp_parse_url()
require ABSPATH . WPINC . '/pluggable.php';      // wp_mail(), which loads wp-includes/PHPMailer/

// The two site settings wp_mail() reads from the database.
function network_home_url() { return 'http://localhost'; }
function get_bloginfo($show = '') { return $show === 'charset' ? 'UTF-8' : ''; }

// wp_mail() returns false on failure; make that fail the run with PHPMailer's reason.
add_action('wp_mail_failed', function (WP_Error $error) {
    fwrite(STDERR, 'wp_mail failed: ' . $error->get_error_message() . "\n");
    exit(1);
});

foreach (array_slice($argv, 1) as $file) {
    $code = file_get_contents($file);
    // Excerpts have no opening tag, so they are evaluated rather than included.
    str_starts_with($code, '<?php') ? require $file : eval($code);
}
