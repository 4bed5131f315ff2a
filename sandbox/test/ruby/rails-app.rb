# A stand-in for booting a Rails app that holds the rendered files; require it from
# that app's directory. It loads only Action Mailer, not the whole framework, and does
# what Rails itself does with the snippet's files:
#   - evaluate config/environments/production.rb inside `Rails.application.configure`;
#   - hand every `config.action_mailer.*` setting to ActionMailer::Base, as Action
#     Mailer's railtie does (`options.each { |k, v| send("#{k}=", v) }`);
#   - load the app's mailers.
require 'action_mailer'

module Rails
  # Only the part of an application the environment file touches.
  class Application
    Config = Struct.new(:action_mailer)

    def config
      @config ||= Config.new(ActiveSupport::OrderedOptions.new)
    end

    def configure(&block)
      instance_eval(&block)
    end
  end

  def self.application
    @application ||= Application.new
  end
end

load File.expand_path('config/environments/production.rb')
Rails.application.config.action_mailer.each { |key, value| ActionMailer::Base.public_send("#{key}=", value) }

# `rails new` generates this class; its `default from:` line is left out, as the
# snippet's warning tells readers to do.
class ApplicationMailer < ActionMailer::Base
end

load File.expand_path('app/mailers/welcome_mailer.rb')
