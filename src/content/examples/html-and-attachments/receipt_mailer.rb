# Rails Action Mailer: app/mailers/receipt_mailer.rb
class ReceiptMailer < ApplicationMailer
  def receipt(order)
    # attachments.inline gives the part a Content-ID; its url is "cid:...".
    attachments.inline["logo.png"] = File.binread(Rails.root.join("app/assets/images/logo.png"))
    attachments["invoice.pdf"] = { mime_type: "application/pdf", content: order.invoice_pdf }
    logo = attachments["logo.png"].url

    mail(from: "Shop <receipts@example.com>", to: order.email, subject: "Your receipt") do |format|
      format.text { render plain: "Thanks for your order. Your invoice is attached." }
      format.html { render html: %(<img src="#{logo}" alt="Shop"><p>Thanks for your order.</p>).html_safe }
    end
  end
end
