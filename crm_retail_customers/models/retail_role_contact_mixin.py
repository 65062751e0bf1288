# Copyright 2026 Retail CRM Customers Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


def commercial_partner_field(string, help_text):
    """The document's ``retail_commercial_partner_id``: the company (or
    person) its partner belongs to, whose contacts the role contact is
    picked from."""
    return fields.Many2one(
        related="partner_id.commercial_partner_id", string=string, help=help_text
    )


def role_contact_field(string, help_text):
    """The document's role contact field (its ``_retail_contact_field``),
    proposed by :meth:`RetailRoleContactMixin._compute_retail_role_contact`
    and editable among the contacts of the document's commercial partner
    (the view's domain; :meth:`RetailRoleContactMixin._check_retail_role_contact`
    refuses any other contact, however written)."""
    return fields.Many2one(
        "res.partner",
        string=string,
        compute="_compute_retail_role_contact",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', retail_commercial_partner_id)]",
        help=help_text,
    )


class RetailRoleContactMixin(models.AbstractModel):
    """Documents addressed to the contact holding a role of their partner.

    Sale orders (sales contact) and purchase orders (purchase contact) propose
    the contact from the partner's roles and send their template e-mails to it
    in the partner's place. A model using the mixin sets
    ``_retail_contact_role`` (the role code) and ``_retail_contact_field``
    (the field holding the contact, declared with :func:`role_contact_field`
    next to :func:`commercial_partner_field`).
    """

    _name = "retail.role.contact.mixin"
    _description = "Document Addressed to a Contact Role"

    _retail_contact_role = None
    _retail_contact_field = None

    @api.depends("partner_id")
    def _compute_retail_role_contact(self):
        """The role contact of the partner: the contact holding the
        document's role (``address_get`` answers the role with it), unless
        that is the partner itself."""
        for document in self:
            document[self._retail_contact_field] = document._retail_role_contact(
                document.partner_id
            )

    @api.constrains(
        # the field is the model's: named when the model's checks are listed
        lambda self: (
            ("partner_id", self._retail_contact_field)
            if self._retail_contact_field
            else ()
        )
    )
    def _check_retail_role_contact(self):
        """The role contact is a contact of the document's partner (of its
        commercial partner): the view's domain is not enforced on writes made
        through the API, and the contact gets the partner's e-mails with a
        link signed for it (accept, sign and pay a quotation)."""
        if not self._retail_contact_field:
            return
        # sudo: compare two partners the user may not read (a contact of
        # another company, chosen through the API); only the document's and
        # its partner's names go out, never the contact's
        for document in self.sudo():
            contact = document[self._retail_contact_field]
            if contact and not document._retail_is_partner_contact(contact):
                field = document._fields[self._retail_contact_field]
                raise ValidationError(
                    _(
                        "The %(field)s of %(document)s must be a contact of "
                        "%(partner)s.",
                        field=field._description_string(self.env),
                        document=document.display_name,
                        partner=document.partner_id.commercial_partner_id.display_name
                        or _("its partner"),
                    )
                )

    def _retail_is_partner_contact(self, contact):
        """Whether ``contact`` belongs to the commercial partner of this
        document's partner (the partner itself, its company, the company's
        contacts and addresses)."""
        self.ensure_one()
        if not (self.partner_id and contact):
            return False
        # sudo: only the two commercial entities are compared (the contact
        # may be of a company the user cannot read: then it is not the
        # partner's); nothing of them is returned
        partner, contact = self.partner_id.sudo(), contact.sudo()
        return contact.commercial_partner_id == partner.commercial_partner_id

    def _retail_mail_contact(self):
        """The role contact e-mails are sent to in the partner's place: an
        active contact of the partner, or none (the partner is then addressed
        as in Odoo). The constraint keeps the contact among the partner's;
        this guards the e-mails against a contact archived or moved to
        another company since it was chosen."""
        self.ensure_one()
        contact = self[self._retail_contact_field]
        # sudo: whether the contact is archived, read whoever sends the mail
        active = contact.sudo().active
        if contact and active and self._retail_is_partner_contact(contact):
            return contact
        return contact.browse()

    def _retail_role_contact(self, partner):
        """The contact of ``partner`` holding the document's role, or
        ``False`` when that would be the partner itself."""
        if not partner:
            return False
        role = self._retail_contact_role
        contact_id = partner.address_get([role])[role]
        return contact_id if contact_id != partner.id else False

    def _retail_follower_ids(self, partner_ids):
        """``partner_ids`` to subscribe, with the document's partner replaced
        by its role contact when the confirmation flow subscribes it.

        Odoo makes the partner of a sent or confirmed order a follower, so
        every message on the order would go to a company's general address;
        the contact who handles the company's orders follows it instead.
        Only under the context key ``retail_follow_role_contact``, set by the
        flows that subscribe the partner themselves: a follower added by hand
        is kept as chosen.
        """
        if not (
            partner_ids
            and len(self) == 1
            and self.env.context.get("retail_follow_role_contact")
        ):
            return partner_ids
        contact = self._retail_mail_contact()
        partner = self.partner_id
        if not contact or partner.id not in partner_ids:
            return partner_ids
        return list(
            dict.fromkeys(
                contact.id if partner_id == partner.id else partner_id
                for partner_id in partner_ids
            )
        )

    def _retail_redirect_mail_recipients(self, render_results):
        """Address the e-mails rendered from a template for these documents to
        their role contact instead of the partner (``partner_to`` of Odoo's
        templates is the partner). Other recipients are kept.

        :param dict render_results: ``{res_id: values}`` as rendered by
            ``mail.template._generate_template_recipients``; changed in place
        """
        # sudo: templates are rendered as superuser (the sender may be a
        # portal customer or a scheduled job); only the two partner ids of
        # each document are read, to replace one recipient by the other.
        for document in self.sudo():
            values = render_results.get(document.id)
            contact = document._retail_mail_contact()
            partner = document.partner_id
            if not (values and contact and partner.id in values.get("partner_ids", [])):
                continue
            values["partner_ids"] = list(
                dict.fromkeys(
                    contact.id if partner_id == partner.id else partner_id
                    for partner_id in values["partner_ids"]
                )
            )
        return render_results

    def _retail_notify_role_contact_groups(self, groups, msg_vals=None):
        """Notification groups of a document (``groups``, as returned by
        ``_notify_get_recipients_groups``) with a group of its own, first,
        for the role contact: it gets the button the partner (the portal
        customer) gets, since documents are sent to it in the partner's
        place. The button keeps its target (a sale order's view to accept
        and sign, a purchase order's receipt confirmation) and is signed for
        the contact (the order's access token, the contact's ``pid`` and
        ``hash``), so that it acts on the document as itself.

        The document is a ``portal.mixin`` (sale and purchase orders are).
        Documents call this from their ``_notify_get_recipients_groups``
        (Odoo's ``mail.thread`` does not call the method of a mixin listed
        after it).
        """
        if len(self) != 1:
            return groups
        contact = self._retail_mail_contact()
        customer_group = next(
            (group for group in groups if group[0] == "portal_customer"), None
        )
        if not contact or not customer_group:
            return groups
        signature = {
            "access_token": self._portal_ensure_token(),
            "pid": contact.id,
            "hash": self._sign_token(contact.id),
            **contact.signup_get_auth_param()[contact.id],
        }
        options = dict(customer_group[2])
        button = dict(options.get("button_access") or {})
        if button.get("url"):
            url = urlsplit(button["url"])
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            query.update({key: str(value) for key, value in signature.items()})
            button["url"] = urlunsplit(url._replace(query=urlencode(query)))
        else:
            button["url"] = self._notify_get_action_link(
                "view", **dict(msg_vals or {}, **signature)
            )
        options["button_access"] = button
        groups.insert(
            0,
            (
                f"retail_{self._retail_contact_role}_contact",
                lambda pdata: pdata["id"] == contact.id,
                options,
            ),
        )
        return groups
