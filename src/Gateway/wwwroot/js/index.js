// /: the page of the signed-in role, or the sign-in.
import { currentUser, homeOf } from './auth.js';

const user = currentUser();
location.replace(user ? homeOf[user.role] : '/signin');
