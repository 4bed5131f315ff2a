# A stand-in for `bin/rails runner script/send_welcome.rb`, run from the app's directory.
require_relative 'rails-app'

load File.expand_path('script/send_welcome.rb')
