import { adminService } from '@ambassador/admin'
import { ambassadorService } from '@ambassador/ambassador'
import { analyticsService } from '@ambassador/analytics'
import { checkoutService } from '@ambassador/checkout'
import { emailService } from '@ambassador/email'
import type { ServiceName } from '@ambassador/kit/config/config'
import type { Service } from '@ambassador/kit/service'
import { mediaService } from '@ambassador/media'
import { notificationsService } from '@ambassador/notifications'
import { storeService } from '@ambassador/store'
import { usersService } from '@ambassador/users'

/** Every service this server can run, in the order they start. */
export const allServices: Record<ServiceName, Service> = {
  users: usersService,
  admin: adminService,
  ambassador: ambassadorService,
  checkout: checkoutService,
  email: emailService,
  media: mediaService,
  store: storeService,
  notifications: notificationsService,
  analytics: analyticsService,
}
